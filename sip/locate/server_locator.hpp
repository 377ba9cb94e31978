// Where to send a request for a SIP or SIPS URI (RFC 3263 §4): its transport, address and port,
// and the next ones to try when the first fails (§4.3: a transport error, a timeout, a 503).
// Sans-I/O: it asks questions, the driver answers them (from DNS or a cache), and once it is
// finished it holds the targets in the order to try.
//
//   numeric host ─────────────────────────────────────────────► finished (one target)
//   port given, or transport and a port ──► A/AAAA ─────────────► finished
//   transport given, no port ──► SRV _sip(s)._<t>.host ──► A/AAAA of the targets ──► finished
//                                   └ no SRV ──► A/AAAA of the host, default port ──┘
//   neither ──► NAPTR host ──► SRV of the preferred supported record ──► A/AAAA ──► finished
//                 └ no NAPTR ──► SRV for every supported transport ──┘
//                                 └ none ──► A/AAAA, UDP (TLS for sips:), default port
//   a NAPTR or SRV step no server answered ──► finished (asking on would wait as long again)
//
// A question is asked once; every question of a step is answered before the next step's are
// asked (the driver asks them together).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/random.hpp"
#include "transport/dns_records.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::sip {

struct LocateRequest {
  std::string host{};  // the URI's maddr, else its host (RFC 3263 §4: TARGET); IPv6 unbracketed
  std::optional<std::uint16_t> port{};
  std::optional<transport::TransportKind> transport{};  // the URI's transport= parameter
  bool sips = false;
};

struct LocateSupport {
  bool udp = true;
  bool tcp = true;
  bool tls = true;
  bool ipv4 = true;
  bool ipv6 = false;
};

struct LocateTarget {
  transport::TransportKind transport = transport::TransportKind::kUdp;
  std::string address{};  // numeric
  std::uint16_t port = 5060;
  std::string server_name{};  // what a TLS certificate must name: the SRV target, else the host
  friend bool operator==(const LocateTarget&, const LocateTarget&) = default;
};

class ServerLocator {
 public:
  ServerLocator(LocateRequest request, LocateSupport support, Random& random);

  // The questions to ask now; each is handed out once.
  [[nodiscard]] std::vector<transport::DnsQuestion> questions();
  // The answer to a question handed out (any other is ignored).
  void on_answer(const transport::DnsQuestion& question, const transport::DnsAnswer& answer);

  [[nodiscard]] bool finished() const noexcept { return step_ == Step::kFinished; }
  // Once finished: where to try, best first; empty when nothing was found (error() says why).
  [[nodiscard]] const std::vector<LocateTarget>& targets() const noexcept { return targets_; }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }

 private:
  enum class Step : std::uint8_t { kNaptr, kSrv, kAddresses, kFinished };
  struct Srv {  // an SRV name to ask and the transport it is for
    std::string name;
    transport::TransportKind transport;
  };
  struct Pending {
    transport::DnsQuestion question;
    std::optional<transport::DnsAnswer> answer;
  };

  void begin_step(Step step);  // its questions not asked yet
  void ask(transport::DnsQuestion question);
  void ask_addresses(const std::string& name);  // A and/or AAAA, as supported
  [[nodiscard]] bool all_answered() const;
  [[nodiscard]] bool nothing_answered() const;  // every answer of this step: no answer
  void advance();
  void after_naptr(const transport::DnsAnswer& answer);
  void after_srv();
  void after_addresses();
  void ask_srv(std::vector<Srv> names);
  void ask_addresses_of_host(transport::TransportKind transport, std::uint16_t port);
  [[nodiscard]] bool supports(transport::TransportKind kind) const noexcept;
  [[nodiscard]] transport::TransportKind default_transport() const noexcept;
  [[nodiscard]] std::string srv_name(transport::TransportKind kind) const;
  void finish(std::string error = {});

  LocateRequest request_;
  LocateSupport support_;
  Random& random_;
  Step step_ = Step::kFinished;
  std::vector<Pending> pending_;  // this step's questions
  std::size_t handed_out_ = 0;    // pending_[0, handed_out_) were returned by questions()
  std::vector<Srv> srv_names_;    // kSrv: the names asked, in preference order
  // kAddresses: the (transport, port, server name) each address question's answers go with.
  struct Destination {
    transport::TransportKind transport;
    std::uint16_t port;
    std::string server_name;
  };
  std::vector<Destination> destinations_;  // one per address host, in order
  std::vector<LocateTarget> targets_;
  std::string error_;
  std::string unreachable_;  // a DNS failure seen on the way, for the error
};

}  // namespace sipline::sip
