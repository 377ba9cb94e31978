// c-ares on an Asio loop.
#include "transport/dns/cares_resolver.hpp"

#include <ares.h>

#include <array>
#include <map>
#include <mutex>
#include <span>

#include <arpa/inet.h>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "transport/dns_ttl.hpp"

namespace sipline::transport {
namespace {

constexpr int kClassIn = 1;               // RFC 1035 §3.2.4
constexpr std::size_t kMostRecords = 32;  // of any one answer: more are not read

int wire_type(DnsType type) {
  switch (type) {
    case DnsType::kNaptr:
      return 35;  // RFC 3403
    case DnsType::kSrv:
      return 33;  // RFC 2782
    case DnsType::kA:
      return 1;
    case DnsType::kAaaa:
      return 28;  // RFC 3596
  }
  return 1;
}

DnsAnswer failure(DnsFailure kind, int status) {
  return {.failure = kind, .reason = ares_strerror(status)};
}

// The addresses of an A or AAAA response, as text; c-ares's status.
template <typename Entry, auto kAddress, typename Parse>
int parse_addresses(const unsigned char* bytes, int length, int family, Parse parse,
                    std::vector<std::string>& out) {
  std::array<Entry, kMostRecords> found{};
  int count = static_cast<int>(found.size());
  const int status = parse(bytes, length, nullptr, found.data(), &count);
  for (int n = 0; status == ARES_SUCCESS && n < count; ++n) {
    std::array<char, INET6_ADDRSTRLEN> text{};
    if (::inet_ntop(family, &(found[static_cast<std::size_t>(n)].*kAddress), text.data(),
                    text.size()) != nullptr) {
      out.emplace_back(text.data());
    }
  }
  return status;
}

// The records of a successful response; a response c-ares cannot parse is a failure.
DnsAnswer parse(DnsType type, const unsigned char* bytes, int length) {
  DnsAnswer answer;
  int status = ARES_SUCCESS;
  switch (type) {
    case DnsType::kNaptr: {
      ares_naptr_reply* replies = nullptr;
      status = ares_parse_naptr_reply(bytes, length, &replies);
      for (auto* r = replies; r != nullptr && answer.naptr.size() < kMostRecords; r = r->next) {
        answer.naptr.push_back({r->order, r->preference, reinterpret_cast<const char*>(r->flags),
                                reinterpret_cast<const char*>(r->service),
                                reinterpret_cast<const char*>(r->regexp), r->replacement});
      }
      ares_free_data(replies);
      break;
    }
    case DnsType::kSrv: {
      ares_srv_reply* replies = nullptr;
      status = ares_parse_srv_reply(bytes, length, &replies);
      for (auto* r = replies; r != nullptr && answer.srv.size() < kMostRecords; r = r->next) {
        answer.srv.push_back({r->priority, r->weight, r->port, r->host});
      }
      ares_free_data(replies);
      break;
    }
    case DnsType::kA:
      status = parse_addresses<ares_addrttl, &ares_addrttl::ipaddr>(
          bytes, length, AF_INET, ares_parse_a_reply, answer.addresses);
      break;
    case DnsType::kAaaa:
      status = parse_addresses<ares_addr6ttl, &ares_addr6ttl::ip6addr>(
          bytes, length, AF_INET6, ares_parse_aaaa_reply, answer.addresses);
      break;
  }
  if (status == ARES_ENODATA) {
    return failure(DnsFailure::kNoRecords, status);
  }
  if (status != ARES_SUCCESS) {
    return failure(DnsFailure::kUnreachable, status);  // a garbled answer: as good as none
  }
  const auto ttl =
      smallest_answer_ttl(std::span(bytes, static_cast<std::size_t>(std::max(length, 0))));
  answer.ttl = ttl.value_or(0);
  if (answer.naptr.empty() && answer.srv.empty() && answer.addresses.empty()) {
    return failure(DnsFailure::kNoRecords, ARES_ENODATA);
  }
  return answer;
}

}  // namespace

struct CaresResolver::Impl : std::enable_shared_from_this<Impl> {
  struct Watch {
    std::unique_ptr<boost::asio::posix::stream_descriptor> descriptor;
    bool read = false;  // what c-ares wants to hear of
    bool write = false;
    bool reading = false;  // a wait is pending
    bool writing = false;
  };
  struct Question {
    std::weak_ptr<Impl> owner;
    DnsType type;
    Done done;
  };

  explicit Impl(boost::asio::io_context& context) : io(context), timer(context) {}
  ~Impl() {
    if (channel != nullptr) {
      ares_destroy(channel);  // pending questions end with ARES_EDESTRUCTION: not answered
    }
  }

  static void on_socket_state(void* data, ares_socket_t fd, int readable, int writable) {
    static_cast<Impl*>(data)->watch(fd, readable != 0, writable != 0);
  }

  static void on_response(void* arg, int status, int, unsigned char* bytes, int length) {
    std::unique_ptr<Question> question(static_cast<Question*>(arg));
    const auto owner = question->owner.lock();
    if (!owner || status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) {
      return;  // the resolver is going: nobody to tell
    }
    DnsAnswer answer;
    if (status == ARES_SUCCESS) {
      answer = parse(question->type, bytes, length);
    } else if (status == ARES_ENOTFOUND || status == ARES_ENODATA) {
      answer = failure(DnsFailure::kNoRecords, status);
    } else {
      answer = failure(DnsFailure::kUnreachable, status);
    }
    // Told from the loop, not from inside ares_process_fd.
    boost::asio::post(owner->io, [weak = question->owner, done = std::move(question->done),
                                  answer = std::move(answer)]() mutable {
      if (weak.lock()) {
        done(std::move(answer));
      }
    });
  }

  void watch(ares_socket_t fd, bool read, bool write) {
    if (!read && !write) {
      if (const auto it = watches.find(fd); it != watches.end()) {
        boost::system::error_code ignored;
        it->second.descriptor->cancel(ignored);
        it->second.descriptor->release();  // c-ares closes its own socket
        watches.erase(it);
      }
      return;
    }
    Watch& watched = watches[fd];
    if (!watched.descriptor) {
      // Called from inside c-ares (C frames): nothing may throw. A socket the loop cannot
      // watch is left to c-ares's timeout, which fails the question.
      auto descriptor = std::make_unique<boost::asio::posix::stream_descriptor>(io);
      boost::system::error_code error;
      descriptor->assign(fd, error);
      if (error) {
        watches.erase(fd);
        return;
      }
      watched.descriptor = std::move(descriptor);
    }
    watched.read = read;
    watched.write = write;
    arm(fd);
  }

  void arm(ares_socket_t fd) {
    const auto it = watches.find(fd);
    if (it == watches.end()) {
      return;
    }
    Watch& watched = it->second;
    using Wait = boost::asio::posix::stream_descriptor::wait_type;
    for (const bool for_write : {false, true}) {
      bool& pending = for_write ? watched.writing : watched.reading;
      if (!(for_write ? watched.write : watched.read) || pending) {
        continue;
      }
      pending = true;
      watched.descriptor->async_wait(
          for_write ? Wait::wait_write : Wait::wait_read,
          [weak = weak_from_this(), fd, for_write](const boost::system::error_code& error) {
            const auto self = weak.lock();
            if (!self || error) {
              return;  // the resolver or the socket is gone (its watch with it)
            }
            if (const auto again = self->watches.find(fd); again != self->watches.end()) {
              (for_write ? again->second.writing : again->second.reading) = false;
            }
            self->process(for_write ? ARES_SOCKET_BAD : fd, for_write ? fd : ARES_SOCKET_BAD);
            self->arm(fd);
          });
    }
  }

  void process(ares_socket_t read_fd, ares_socket_t write_fd) {
    ares_process_fd(channel, read_fd, write_fd);
    schedule_timeout();
  }

  // One timer at c-ares's next timeout (a retry, another server, giving up).
  void schedule_timeout() {
    timeval wait{};
    if (ares_timeout(channel, nullptr, &wait) == nullptr) {
      timer.cancel();
      return;
    }
    timer.expires_after(std::chrono::seconds(wait.tv_sec) +
                        std::chrono::microseconds(wait.tv_usec));
    timer.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
      if (const auto self = weak.lock(); self && !error) {
        self->process(ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      }
    });
  }

  boost::asio::io_context& io;
  boost::asio::steady_timer timer;
  ares_channel channel = nullptr;
  std::map<ares_socket_t, Watch> watches;
};

Result<std::unique_ptr<CaresResolver>> CaresResolver::create(boost::asio::io_context& io,
                                                             const ResolverOptions& options) {
  static std::once_flag initialised;
  static int library = ARES_SUCCESS;
  std::call_once(initialised, [] { library = ares_library_init(ARES_LIB_INIT_ALL); });
  if (library != ARES_SUCCESS) {
    return fail(Errc::kIo, ares_strerror(library), 0);
  }
  auto impl = std::make_shared<Impl>(io);
  ares_options settings{};
  settings.timeout = static_cast<int>(options.timeout.count());
  settings.tries = options.tries;
  settings.sock_state_cb = &Impl::on_socket_state;
  settings.sock_state_cb_data = impl.get();
  const int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_STATE_CB;
  if (const int status = ares_init_options(&impl->channel, &settings, mask);
      status != ARES_SUCCESS) {
    impl->channel = nullptr;
    return fail(Errc::kIo, ares_strerror(status), 0);
  }
  if (!options.server.empty()) {
    if (const int status = ares_set_servers_ports_csv(impl->channel, options.server.c_str());
        status != ARES_SUCCESS) {
      return fail(Errc::kInvalidArgument, "the DNS server must be IP or IP:PORT", 0);
    }
  }
  return std::unique_ptr<CaresResolver>(new CaresResolver(std::move(impl)));
}

CaresResolver::~CaresResolver() = default;

void CaresResolver::ask(const DnsQuestion& question, Done done) {
  auto* pending = new Impl::Question{impl_, question.type, std::move(done)};
  // c-ares owns `pending` from here: on_response frees it, whatever the outcome.
  ares_query(impl_->channel, question.name.c_str(), kClassIn, wire_type(question.type),
             &Impl::on_response, pending);
  impl_->schedule_timeout();
}

}  // namespace sipline::transport
