// Fuzzes the DNS side of RFC 3263: the TTL walk over a raw response (never reads outside it),
// and the server locator fed answers the input makes up — records of every kind, failures,
// answers to questions never asked. It always finishes within its four steps, with targets or
// with a reason (never both, never neither); a sips: URI only ever gets TLS targets; no target
// uses a transport switched off; the cache gives back what it was given.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/random.hpp"
#include "check.hpp"
#include "sip/locate/server_locator.hpp"
#include "transport/dns_cache.hpp"
#include "transport/dns_ttl.hpp"

namespace {

using namespace sipline;
using transport::DnsAnswer;
using transport::DnsFailure;
using transport::DnsType;
using transport::TransportKind;

class Input {
 public:
  explicit Input(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::uint8_t next() { return at_ < bytes_.size() ? bytes_[at_++] : 0; }
  bool empty() const { return at_ >= bytes_.size(); }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

const char* const kNames[] = {
    "pbx.test",           "a.pbx.test",          "b.pbx.test", "_sip._udp.pbx.test",
    "_sip._tcp.pbx.test", "_sips._tcp.pbx.test", ".",          ""};
const char* const kServices[] = {"SIP+D2U", "SIP+D2T",  "SIPS+D2T", "sips+d2t",
                                 "SIP+D2S", "SIPS+D2U", "E2U+sip",  ""};
const char* const kAddresses[] = {"192.0.2.1", "192.0.2.2", "2001:db8::1", "198.51.100.7"};

DnsAnswer made_up_answer(Input& in, DnsType type) {
  DnsAnswer answer;
  const std::uint8_t kind = in.next();
  if (kind % 5 == 0) {
    answer.failure = kind % 2 == 0 ? DnsFailure::kNoRecords : DnsFailure::kUnreachable;
    answer.reason = "made up";
    return answer;
  }
  const int count = in.next() % 5;
  for (int n = 0; n < count; ++n) {
    const std::uint8_t a = in.next();
    const std::uint8_t b = in.next();
    switch (type) {
      case DnsType::kNaptr:
        answer.naptr.push_back({static_cast<std::uint16_t>(a % 4),
                                static_cast<std::uint16_t>(b % 3), (b & 0x80) != 0 ? "s" : "u",
                                kServices[a % 8], "", kNames[b % 8]});
        break;
      case DnsType::kSrv:
        answer.srv.push_back({static_cast<std::uint16_t>(a % 3), static_cast<std::uint16_t>(b),
                              static_cast<std::uint16_t>(5060 + a), kNames[b % 8]});
        break;
      case DnsType::kA:
      case DnsType::kAaaa:
        answer.addresses.emplace_back(kAddresses[a % 4]);
        break;
    }
  }
  answer.ttl = in.next();
  return answer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  if (const auto ttl = transport::smallest_answer_ttl(bytes)) {
    fuzz::check(*ttl <= 0x7FFFFFFFU);
  }

  Input in(bytes);
  const std::uint8_t shape = in.next();
  sip::LocateRequest request;
  request.host = (shape & 1) != 0 ? "PBX.test." : ((shape & 2) != 0 ? "192.0.2.9" : "pbx.test");
  if ((shape & 4) != 0) {
    request.port = static_cast<std::uint16_t>(5000 + in.next());
  }
  if ((shape & 8) != 0) {
    request.transport = static_cast<TransportKind>(in.next() % 3);
  }
  request.sips = (shape & 16) != 0;
  const std::uint8_t switches = in.next();
  const sip::LocateSupport support{.udp = (switches & 1) == 0,
                                   .tcp = (switches & 2) == 0,
                                   .tls = (switches & 4) == 0,
                                   .ipv4 = (switches & 8) == 0,
                                   .ipv6 = (switches & 16) != 0};
  SeededRandom random(in.next());
  sip::ServerLocator locator(request, support, random);
  transport::DnsCache cache;
  const TimePoint now{std::chrono::seconds(100)};
  for (int step = 0; step < 4 && !locator.finished(); ++step) {
    const auto asked = locator.questions();
    fuzz::check(!asked.empty());
    for (const auto& question : asked) {
      if ((in.next() & 7) == 0) {  // a stray answer first: ignored
        locator.on_answer({"evil.test", question.type}, made_up_answer(in, question.type));
      }
      const DnsAnswer answer = made_up_answer(in, question.type);
      cache.store(question, answer, now);
      if (const auto kept = cache.find(question, now)) {
        fuzz::check(*kept == answer);
      }
      locator.on_answer(question, answer);
    }
  }
  fuzz::check(locator.finished());
  fuzz::check(locator.targets().empty() != locator.error().empty());
  for (const auto& target : locator.targets()) {
    fuzz::check(!request.sips || target.transport == TransportKind::kTls);
    fuzz::check(target.transport != TransportKind::kUdp || support.udp);
    fuzz::check(target.transport != TransportKind::kTcp || support.tcp);
    fuzz::check(target.transport != TransportKind::kTls || support.tls);
    fuzz::check(!target.address.empty());
  }
  return 0;
}
