// One client of a control socket (control_session.hpp).
#include "app/cli/control_session.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include "base/text.hpp"

namespace sipline::app {
namespace {

constexpr int kWrongTokens = 3;           // then the connection is closed
constexpr std::size_t kLengthDigits = 7;  // a netstring's length: up to 9 999 999

// The same time whatever the tokens hold (a timing side channel would leak the token).
bool same_token(std::string_view given, std::string_view wanted) {
  unsigned difference = given.size() == wanted.size() ? 0U : 1U;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const auto a = static_cast<unsigned>(static_cast<unsigned char>(wanted[i]));
    const auto b =
        static_cast<unsigned>(static_cast<unsigned char>(i < given.size() ? given[i] : 0));
    difference |= a ^ b;
  }
  return difference == 0;
}

}  // namespace

ControlSession::ControlSession(Owner& owner, boost::asio::generic::stream_protocol::socket socket)
    : owner_(owner), socket_(std::move(socket)), authenticated_(owner.token().empty()) {}

void ControlSession::send(std::string_view message) {
  if (closed_ || closing_) {
    return;
  }
  std::string framed = framing_ == Framing::kNetstrings
                           ? fmt::format("{}:{},", message.size(), message)
                           : fmt::format("{}\n", message);
  if (queued_ + framed.size() > owner_.limits().max_queued) {
    close();  // it does not read: it gets nothing more, and costs nothing more
    return;
  }
  queued_ += framed.size();
  queue_.push_back(std::move(framed));
  if (queue_.size() == 1) {
    write();
  }
}

void ControlSession::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  boost::system::error_code ignored;
  socket_.close(ignored);
  owner_.forget(shared_from_this());
}

void ControlSession::read() {
  socket_.async_read_some(boost::asio::buffer(chunk_),
                          [self = shared_from_this()](auto error, std::size_t size) {
                            if (error || self->closed_) {
                              self->close();  // gone: a partial request dies with it
                              return;
                            }
                            self->take({self->chunk_.data(), size});
                            if (!self->closed_ && !self->closing_) {
                              self->read();
                            }
                          });
}

void ControlSession::take(std::string_view bytes) {
  if (framing_ == Framing::kUnknown && !bytes.empty()) {
    framing_ = is_digit(bytes.front()) ? Framing::kNetstrings : Framing::kLines;
  }
  if (framing_ == Framing::kNetstrings) {
    take_netstrings(bytes);
  } else {
    take_lines(bytes);
  }
}

// Whole lines carried out in order; an over-long line answered once and skipped to its end.
void ControlSession::take_lines(std::string_view bytes) {
  const std::size_t max_line = owner_.limits().max_line;
  while (!bytes.empty() && !closed_ && !closing_) {
    const auto newline = bytes.find('\n');
    const std::string_view part = bytes.substr(0, newline);
    if (!skipping_) {
      if (pending_.size() + part.size() > max_line) {
        refuse(fmt::format("line longer than {} bytes: skipped", max_line));
        skipping_ = true;
        pending_.clear();
      } else {
        pending_.append(part);
      }
    }
    if (newline == std::string_view::npos) {
      return;
    }
    if (!skipping_) {
      std::string line = std::exchange(pending_, {});
      handle(line);
    }
    skipping_ = false;
    bytes.remove_prefix(newline + 1);
  }
}

// "LEN:payload," one after another (D. J. Bernstein's netstrings, as baresip's ctrl_tcp).
void ControlSession::take_netstrings(std::string_view bytes) {
  while (!bytes.empty() && !closed_ && !closing_) {
    if (!netstring_length_) {
      const char c = bytes.front();
      bytes.remove_prefix(1);
      if (c != ':') {
        if (!is_digit(c) || pending_.size() == kLengthDigits) {
          return fail_and_close("not a netstring (LENGTH:JSON,)");
        }
        pending_ += c;
        continue;
      }
      const auto length = parse_decimal<std::size_t>(pending_);
      if (!length || *length > owner_.limits().max_line) {
        return fail_and_close(
            fmt::format("netstring longer than {} bytes", owner_.limits().max_line));
      }
      netstring_length_ = *length;
      pending_.clear();
      continue;
    }
    if (pending_.size() < *netstring_length_) {
      const std::size_t take = std::min(bytes.size(), *netstring_length_ - pending_.size());
      pending_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      continue;
    }
    if (bytes.front() != ',') {
      return fail_and_close("a netstring must end with ','");
    }
    bytes.remove_prefix(1);
    netstring_length_.reset();
    std::string message = std::exchange(pending_, {});
    handle(message);
  }
}

void ControlSession::handle(std::string_view message) {
  if (!message.empty() && message.back() == '\r') {
    message.remove_suffix(1);
  }
  if (message.find_first_not_of(" \t") == std::string_view::npos) {
    return;  // blank lines keep a connection alive; they ask nothing
  }
  const auto request = parse_control_request(message);
  if (!request) {
    return refuse(fmt::format("{} (at byte {})", request.error().reason, request.error().position),
                  request.error().token);
  }
  if (request->command == "auth" || !authenticated_) {
    if (authenticate(*request)) {
      send(control_response_json(ControlResponse{}, request->token));
    }
    return;
  }
  const auto self = shared_from_this();  // a quit may close everything while we answer
  send(control_response_json(owner_.execute(*request), request->token));
}

bool ControlSession::authenticate(const ControlRequest& request) {
  if (authenticated_) {
    return true;  // nothing to prove on a Unix socket, or proven already
  }
  if (request.command != "auth") {
    refuse(
        "authenticate first: {\"command\":\"auth\",\"params\":{\"token\":\"…\"}} with the "
        "phone's token file",
        request.token);
    return false;
  }
  const ControlValue* given = request.param("token");
  const std::string_view token = given != nullptr      ? std::string_view(given->text)
                                 : request.params_text ? std::string_view(*request.params_text)
                                                       : std::string_view();
  if (same_token(token, owner_.token())) {
    authenticated_ = true;
    return true;
  }
  refuse("wrong token", request.token);
  if (++wrong_tokens_ == kWrongTokens) {
    closing_ = true;  // said, then closed
  }
  return false;
}

void ControlSession::refuse(std::string reason, std::string_view token) {
  send(control_response_json(refusal(std::move(reason)), token));
}

void ControlSession::fail_and_close(std::string reason) {
  refuse(std::move(reason));
  closing_ = true;
  if (queue_.empty()) {
    close();
  }
}

void ControlSession::write() {
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
                             } else if (self->closing_) {
                               self->close();
                             }
                           });
}

}  // namespace sipline::app
