// The control socket's server (control_server.hpp): accept, check, read lines, answer, push.
#include "app/cli/control_server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <deque>
#include <utility>

#include <boost/asio/write.hpp>
#include <fmt/format.h>

namespace sipline::app {

using boost::asio::local::stream_protocol;

class ControlServer::Client : public std::enable_shared_from_this<Client> {
 public:
  Client(ControlServer& server, stream_protocol::socket socket)
      : server_(server), socket_(std::move(socket)) {}

  void start() { read(); }

  // Queues one line; a client with max_queued bytes already waiting is dropped instead.
  void send(std::string_view line) {
    if (closed_) {
      return;
    }
    if (queued_ + line.size() + 1 > server_.limits_.max_queued) {
      close();  // it does not read: it gets nothing more, and costs nothing more
      return;
    }
    queue_.emplace_back(line).push_back('\n');
    queued_ += line.size() + 1;
    if (queue_.size() == 1) {
      write();
    }
  }

  void close() {
    if (closed_) {
      return;
    }
    closed_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
    server_.forget(shared_from_this());
  }

 private:
  void read() {
    socket_.async_read_some(boost::asio::buffer(chunk_),
                            [self = shared_from_this()](auto error, std::size_t size) {
                              if (error || self->closed_) {
                                self->close();  // gone: a partial line dies with it
                                return;
                              }
                              self->take({self->chunk_.data(), size});
                              if (!self->closed_) {
                                self->read();
                              }
                            });
  }

  // Bytes in: whole lines carried out in order; an over-long line answered once and skipped.
  void take(std::string_view bytes) {
    while (!bytes.empty() && !closed_) {
      const auto newline = bytes.find('\n');
      const std::string_view part = bytes.substr(0, newline);
      if (!skipping_) {
        if (line_.size() + part.size() > server_.limits_.max_line) {
          send(control_response_json(
              {false, "null",
               fmt::format("line longer than {} bytes: skipped", server_.limits_.max_line)},
              {}));
          skipping_ = true;
          line_.clear();
        } else {
          line_.append(part);
        }
      }
      if (newline == std::string_view::npos) {
        return;
      }
      if (!skipping_) {
        handle(line_);
      }
      skipping_ = false;
      line_.clear();
      bytes.remove_prefix(newline + 1);
    }
  }

  void handle(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      return;  // blank lines keep a connection alive; they ask nothing
    }
    const auto request = parse_control_request(line);
    if (!request) {
      send(control_response_json(
          {false, "null",
           fmt::format("{} (at byte {})", request.error().reason, request.error().position)},
          request.error().token));
      return;
    }
    const auto self = shared_from_this();  // a quit may close everything while we answer
    send(control_response_json(server_.execute_(*request), request->token));
  }

  void write() {
    boost::asio::async_write(socket_, boost::asio::buffer(queue_.front()),
                             [self = shared_from_this()](auto error, std::size_t) {
                               if (self->closed_) {
                                 return;
                               }
                               if (error) {
                                 self->close();
                                 return;
                               }
                               self->queued_ -= self->queue_.front().size();
                               self->queue_.pop_front();
                               if (!self->queue_.empty()) {
                                 self->write();
                               }
                             });
  }

  ControlServer& server_;
  stream_protocol::socket socket_;
  std::array<char, 4096> chunk_{};
  std::string line_;
  bool skipping_ = false;
  std::deque<std::string> queue_;
  std::size_t queued_ = 0;
  bool closed_ = false;
};

ControlServer::ControlServer(boost::asio::io_context& io, std::string path, Execute execute,
                             ControlLimits limits)
    : path_(std::move(path)), execute_(std::move(execute)), limits_(limits), acceptor_(io) {}

std::expected<std::unique_ptr<ControlServer>, std::string> ControlServer::open(
    boost::asio::io_context& io, const std::string& path, Execute execute, ControlLimits limits) {
  std::unique_ptr<ControlServer> server(new ControlServer(io, path, std::move(execute), limits));
  boost::system::error_code error;
  server->acceptor_.open(stream_protocol(), error);
  if (!error) {
    // Made 0600 from the start (the umask), not chmod-ed after a moment open to others.
    const mode_t old_mask = ::umask(0177);
    server->acceptor_.bind(stream_protocol::endpoint(path), error);
    ::umask(old_mask);
  }
  if (!error) {
    server->acceptor_.listen(boost::asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    server->path_.clear();  // not ours: left alone
    return std::unexpected(fmt::format("control socket {}: {}", path, error.message()));
  }
  server->accept();
  return server;
}

ControlServer::~ControlServer() {
  for (const auto& client : std::set(clients_)) {
    client->close();
  }
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  if (!path_.empty()) {
    ::unlink(path_.c_str());
  }
}

void ControlServer::publish(std::string_view line) {
  for (const auto& client : std::set(clients_)) {  // a slow one may be dropped on the way
    client->send(line);
  }
}

void ControlServer::accept() {
  acceptor_.async_accept([this](auto error, stream_protocol::socket socket) {
    if (error == boost::asio::error::operation_aborted) {
      return;  // closing
    }
    if (!error) {
      welcome(std::move(socket));
    }
    accept();
  });
}

void ControlServer::welcome(stream_protocol::socket socket) {
  // Refused in one line, written without waiting (it fits any socket buffer), then closed.
  const auto refuse = [&socket](std::string_view reason) {
    const std::string line = control_response_json({false, "null", std::string(reason)}, {}) + "\n";
    (void)::send(socket.native_handle(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  };
  ucred peer{};
  socklen_t size = sizeof(peer);
  if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 ||
      peer.uid != ::geteuid()) {
    refuse(fmt::format("refused: uid {} is not this phone's", peer.uid));
    return;
  }
  if (clients_.size() >= limits_.max_clients) {
    refuse(fmt::format("refused: {} clients already", limits_.max_clients));
    return;
  }
  const auto client = std::make_shared<Client>(*this, std::move(socket));
  clients_.insert(client);
  client->start();
}

}  // namespace sipline::app
