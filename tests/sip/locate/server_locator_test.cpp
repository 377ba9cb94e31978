// RFC 3263 §4 against a DNS table of the test's own: which questions are asked, in which steps,
// and where the request goes — the RFC's own NAPTR example, the fallbacks when records are
// missing, SRV priorities, a port or transport in the URI, sips:, and a DNS that does not
// answer.
#include "sip/locate/server_locator.hpp"

#include <map>

#include <gtest/gtest.h>

#include "base/random.hpp"

namespace sipline::sip {
namespace {

using transport::DnsAnswer;
using transport::DnsFailure;
using transport::DnsQuestion;
using transport::DnsType;
using transport::NaptrRecord;
using transport::SrvRecord;
using transport::TransportKind;

constexpr auto kUdp = TransportKind::kUdp;
constexpr auto kTcp = TransportKind::kTcp;
constexpr auto kTls = TransportKind::kTls;

DnsAnswer naptr(std::vector<NaptrRecord> records) {
  return {.naptr = std::move(records), .ttl = 60};
}
DnsAnswer srv(std::vector<SrvRecord> records) { return {.srv = std::move(records), .ttl = 60}; }
DnsAnswer a(std::vector<std::string> addresses) {
  return {.addresses = std::move(addresses), .ttl = 60};
}

class Dns {
 public:
  std::map<DnsQuestion, DnsAnswer> table;
  std::vector<std::vector<DnsQuestion>> steps;  // the questions, as asked together

  // Answers every question from the table (a name not in it: no records) until it finishes.
  void run(ServerLocator& locator) {
    for (int guard = 0; !locator.finished() && guard < 10; ++guard) {
      const auto asked = locator.questions();
      ASSERT_FALSE(asked.empty()) << "not finished, and nothing to ask";
      steps.push_back(asked);
      for (const auto& question : asked) {
        const auto it = table.find(question);
        locator.on_answer(question, it != table.end()
                                        ? it->second
                                        : DnsAnswer{.failure = DnsFailure::kNoRecords});
      }
    }
    EXPECT_TRUE(locator.finished());
  }
};

std::vector<LocateTarget> locate(Dns& dns, LocateRequest request, LocateSupport support = {}) {
  SeededRandom random(7);
  ServerLocator locator(std::move(request), support, random);
  dns.run(locator);
  if (locator.targets().empty()) {
    ADD_FAILURE() << "no targets: " << locator.error();
  }
  return locator.targets();
}

TEST(ServerLocator, ANumericHostAsksNothing) {
  Dns dns;
  EXPECT_EQ(locate(dns, {.host = "192.0.2.7"}),
            (std::vector<LocateTarget>{{kUdp, "192.0.2.7", 5060, "192.0.2.7"}}));
  EXPECT_EQ(locate(dns, {.host = "192.0.2.7", .sips = true}),
            (std::vector<LocateTarget>{{kTls, "192.0.2.7", 5061, "192.0.2.7"}}));
  EXPECT_EQ(locate(dns, {.host = "2001:db8::1", .port = 5070, .transport = kTcp}),
            (std::vector<LocateTarget>{{kTcp, "2001:db8::1", 5070, "2001:db8::1"}}));
  EXPECT_TRUE(dns.steps.empty());
}

TEST(ServerLocator, TheRfcsNaptrExamplePrefersTlsThenTcpThenUdp) {
  // RFC 3263 §4.1's records; every SRV name answered, so the order is NAPTR's.
  Dns dns;
  dns.table[{"example.com", DnsType::kNaptr}] =
      naptr({{90, 50, "s", "SIP+D2T", "", "_sip._tcp.example.com"},
             {50, 50, "s", "SIPS+D2T", "", "_sips._tcp.example.com."},
             {100, 50, "s", "SIP+D2U", "", "_sip._udp.example.com."},
             {10, 50, "s", "SIP+D2S", "", "_sip._sctp.example.com."}});  // SCTP: not ours
  dns.table[{"_sips._tcp.example.com", DnsType::kSrv}] = srv({{0, 1, 5061, "server1.example.com"}});
  dns.table[{"_sip._tcp.example.com", DnsType::kSrv}] = srv({{0, 1, 5060, "server1.example.com"}});
  dns.table[{"_sip._udp.example.com", DnsType::kSrv}] = srv({{0, 1, 5060, "server2.example.com"}});
  dns.table[{"server1.example.com", DnsType::kA}] = a({"192.0.2.1"});
  dns.table[{"server2.example.com", DnsType::kA}] = a({"192.0.2.2"});
  EXPECT_EQ(locate(dns, {.host = "Example.COM."}),
            (std::vector<LocateTarget>{{kTls, "192.0.2.1", 5061, "server1.example.com"},
                                       {kTcp, "192.0.2.1", 5060, "server1.example.com"},
                                       {kUdp, "192.0.2.2", 5060, "server2.example.com"}}));
  ASSERT_EQ(dns.steps.size(), 3U);
  EXPECT_EQ(dns.steps[0], (std::vector<DnsQuestion>{{"example.com", DnsType::kNaptr}}));
  EXPECT_EQ(dns.steps[1].size(), 3U);  // the SRV names together
  EXPECT_EQ(dns.steps[2].size(), 2U);  // then each target's address once

  // Without TLS here, TCP comes first; a sips: URI keeps only the SIPS service.
  Dns no_tls{dns.table, {}};
  EXPECT_EQ(locate(no_tls, {.host = "example.com"}, {.tls = false}).front(),
            (LocateTarget{kTcp, "192.0.2.1", 5060, "server1.example.com"}));
  Dns secure{dns.table, {}};
  EXPECT_EQ(locate(secure, {.host = "example.com", .sips = true}),
            (std::vector<LocateTarget>{{kTls, "192.0.2.1", 5061, "server1.example.com"}}));
}

TEST(ServerLocator, NoNaptrAsksSrvForEachTransportThenUsesWhatExists) {
  Dns dns;
  dns.table[{"_sip._tcp.pbx.test", DnsType::kSrv}] = srv({{10, 0, 5080, "sip.pbx.test"}});
  dns.table[{"sip.pbx.test", DnsType::kA}] = a({"198.51.100.5", "198.51.100.6"});
  EXPECT_EQ(locate(dns, {.host = "pbx.test"}),
            (std::vector<LocateTarget>{{kTcp, "198.51.100.5", 5080, "sip.pbx.test"},
                                       {kTcp, "198.51.100.6", 5080, "sip.pbx.test"}}));
  ASSERT_EQ(dns.steps.size(), 3U);
  EXPECT_EQ(dns.steps[1], (std::vector<DnsQuestion>{{"_sip._udp.pbx.test", DnsType::kSrv},
                                                    {"_sip._tcp.pbx.test", DnsType::kSrv},
                                                    {"_sips._tcp.pbx.test", DnsType::kSrv}}));
}

TEST(ServerLocator, NoNaptrNoSrvFallsBackToTheAddressAndDefaultPort) {
  Dns dns;
  dns.table[{"pbx.test", DnsType::kA}] = a({"203.0.113.9"});
  EXPECT_EQ(locate(dns, {.host = "pbx.test"}),
            (std::vector<LocateTarget>{{kUdp, "203.0.113.9", 5060, "pbx.test"}}));
  Dns secure{dns.table, {}};
  EXPECT_EQ(locate(secure, {.host = "pbx.test", .sips = true}),
            (std::vector<LocateTarget>{{kTls, "203.0.113.9", 5061, "pbx.test"}}));
}

TEST(ServerLocator, APortInTheUriSkipsNaptrAndSrv) {
  Dns dns;
  dns.table[{"pbx.test", DnsType::kA}] = a({"203.0.113.9"});
  dns.table[{"_sip._udp.pbx.test", DnsType::kSrv}] = srv({{0, 0, 7000, "elsewhere.test"}});
  EXPECT_EQ(locate(dns, {.host = "pbx.test", .port = 5062}),
            (std::vector<LocateTarget>{{kUdp, "203.0.113.9", 5062, "pbx.test"}}));
  EXPECT_EQ(dns.steps, (std::vector<std::vector<DnsQuestion>>{{{"pbx.test", DnsType::kA}}}));
}

TEST(ServerLocator, ATransportInTheUriAsksOnlyItsSrv) {
  Dns dns;
  dns.table[{"_sip._tcp.pbx.test", DnsType::kSrv}] = srv({{0, 0, 5090, "a.pbx.test"}});
  dns.table[{"a.pbx.test", DnsType::kA}] = a({"203.0.113.1"});
  EXPECT_EQ(locate(dns, {.host = "pbx.test", .transport = kTcp}),
            (std::vector<LocateTarget>{{kTcp, "203.0.113.1", 5090, "a.pbx.test"}}));
  EXPECT_EQ(dns.steps.front(), (std::vector<DnsQuestion>{{"_sip._tcp.pbx.test", DnsType::kSrv}}));
}

TEST(ServerLocator, SrvPrioritiesGiveTheFailoverOrder) {
  Dns dns;
  dns.table[{"_sip._udp.pbx.test", DnsType::kSrv}] =
      srv({{20, 0, 5060, "backup.pbx.test"}, {10, 0, 5060, "main.pbx.test"}});
  dns.table[{"main.pbx.test", DnsType::kA}] = a({"192.0.2.10"});
  dns.table[{"backup.pbx.test", DnsType::kA}] = a({"192.0.2.20"});
  EXPECT_EQ(locate(dns, {.host = "pbx.test", .transport = kUdp}),
            (std::vector<LocateTarget>{{kUdp, "192.0.2.10", 5060, "main.pbx.test"},
                                       {kUdp, "192.0.2.20", 5060, "backup.pbx.test"}}));
}

TEST(ServerLocator, FailsWithAReason) {
  SeededRandom random(1);
  {  // nothing at all
    Dns dns;
    ServerLocator locator({.host = "nowhere.test"}, {}, random);
    dns.run(locator);
    EXPECT_TRUE(locator.targets().empty());
    EXPECT_EQ(locator.error(), "DNS has no SIP server or address for it");
  }
  {  // the DNS server does not answer
    ServerLocator locator({.host = "pbx.test", .port = 5060}, {}, random);
    for (const auto& question : locator.questions()) {
      locator.on_answer(question, {.failure = DnsFailure::kUnreachable, .reason = "timeout"});
    }
    ASSERT_TRUE(locator.finished());
    EXPECT_EQ(locator.error(), "DNS did not answer (timeout)");
  }
  {  // no answer to the NAPTR question: SRV and A would wait as long again for nothing
    ServerLocator locator({.host = "pbx.test"}, {}, random);
    const auto asked = locator.questions();
    ASSERT_EQ(asked.size(), 1U);
    locator.on_answer(asked[0], {.failure = DnsFailure::kUnreachable, .reason = "timeout"});
    ASSERT_TRUE(locator.finished());
    EXPECT_TRUE(locator.questions().empty());
    EXPECT_EQ(locator.error(), "DNS did not answer (timeout)");
  }
  {  // SRV ".": decidedly no SIP service, no fallback to the address
    Dns dns;
    dns.table[{"_sip._udp.pbx.test", DnsType::kSrv}] = srv({{0, 0, 0, "."}});
    dns.table[{"pbx.test", DnsType::kA}] = a({"192.0.2.1"});
    ServerLocator locator({.host = "pbx.test", .transport = kUdp}, {}, random);
    dns.run(locator);
    EXPECT_TRUE(locator.targets().empty());
    EXPECT_EQ(locator.error(), "its DNS says it offers no SIP service (SRV target \".\")");
  }
  {  // a transport= the phone cannot use (found by dns_locate_fuzzer)
    ServerLocator locator({.host = "pbx.test", .transport = kTls}, {.tls = false}, random);
    EXPECT_TRUE(locator.finished());
    EXPECT_TRUE(locator.questions().empty());
    EXPECT_EQ(locator.error(), "the transport its URI asks for is not available here");
  }
  {  // sips: over UDP cannot be
    ServerLocator locator({.host = "pbx.test", .transport = kUdp, .sips = true}, {}, random);
    EXPECT_TRUE(locator.finished());
    EXPECT_EQ(locator.error(), "a sips: URI cannot go over UDP");
  }
}

TEST(ServerLocator, AnswersToQuestionsNotAskedAreIgnored) {
  SeededRandom random(1);
  ServerLocator locator({.host = "pbx.test", .port = 5060}, {}, random);
  // Before questions() handed it out, and a stranger's: nothing moves.
  locator.on_answer({"pbx.test", DnsType::kA}, a({"192.0.2.66"}));
  locator.on_answer({"evil.test", DnsType::kA}, a({"192.0.2.66"}));
  EXPECT_FALSE(locator.finished());
  const auto asked = locator.questions();
  ASSERT_EQ(asked.size(), 1U);
  EXPECT_TRUE(locator.questions().empty());  // handed out once
  locator.on_answer(asked.front(), a({"192.0.2.1"}));
  ASSERT_TRUE(locator.finished());
  locator.on_answer(asked.front(), a({"192.0.2.66"}));  // a second answer: too late
  EXPECT_EQ(locator.targets(), (std::vector<LocateTarget>{{kUdp, "192.0.2.1", 5060, "pbx.test"}}));
}

}  // namespace
}  // namespace sipline::sip
