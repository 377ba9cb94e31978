// c-ares on the Asio loop against a real DNS server the test starts (dnsmasq on 127.0.0.1, with
// records of its own): NAPTR, SRV and A answers with their TTLs, a name that does not exist, a
// type the name lacks, a server that does not answer (a failure within timeout × tries, not a
// hang), and the whole RFC 3263 walk with the locator.
#include "transport/dns/cares_resolver.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/udp.hpp>
#include <gtest/gtest.h>

#include "base/random.hpp"
#include "sip/locate/server_locator.hpp"

extern char** environ;

namespace sipline::transport {
namespace {

// dnsmasq answering for pbx.test alone, started and stopped by the fixture.
class Dnsmasq {
 public:
  explicit Dnsmasq(std::uint16_t port) {
    std::vector<std::string> args = {"dnsmasq",
                                     "-k",
                                     "--conf-file=/dev/null",
                                     "--no-resolv",
                                     "--no-hosts",
                                     "--port=" + std::to_string(port),
                                     "--listen-address=127.0.0.1",
                                     "--bind-interfaces",
                                     "--log-facility=-",
                                     "--pid-file=",
                                     "--local=/pbx.test/",
                                     "--local-ttl=120",
                                     "--naptr-record=pbx.test,20,50,s,SIP+D2T,,_sip._tcp.pbx.test",
                                     "--naptr-record=pbx.test,10,50,s,SIP+D2U,,_sip._udp.pbx.test",
                                     "--srv-host=_sip._udp.pbx.test,a.pbx.test,5070,10,60",
                                     "--srv-host=_sip._udp.pbx.test,b.pbx.test,5072,20,0",
                                     "--srv-host=_sip._tcp.pbx.test,a.pbx.test,5071,10,0",
                                     "--host-record=a.pbx.test,127.0.0.1",
                                     "--host-record=b.pbx.test,127.0.0.2"};
    std::vector<char*> argv;
    for (auto& arg : args) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) {
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    const int spawned = ::posix_spawnp(&pid_, "dnsmasq", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawned != 0) {
      pid_ = 0;
      ::close(pipe_fds[0]);
      return;
    }
    // Ready once it says "started" (its sockets are bound by then); EOF: it failed.
    FILE* log = ::fdopen(pipe_fds[0], "r");
    char line[512];
    while (std::fgets(line, sizeof line, log) != nullptr) {
      log_ += line;
      if (std::string_view(line).find("started, version") != std::string_view::npos) {
        ready_ = true;
        break;
      }
    }
    log_pipe_ = log;  // kept open: dnsmasq's later lines must not hit a closed pipe
  }
  ~Dnsmasq() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (log_pipe_ != nullptr) {
      std::fclose(log_pipe_);
    }
  }
  [[nodiscard]] bool ready() const { return ready_; }
  [[nodiscard]] const std::string& log() const { return log_; }

 private:
  pid_t pid_ = 0;
  bool ready_ = false;
  std::string log_;
  FILE* log_pipe_ = nullptr;
};

std::uint16_t free_udp_port() {
  boost::asio::io_context io;
  boost::asio::ip::udp::socket socket(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return socket.local_endpoint().port();
}

class CaresResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dnsmasq_.ready()) << "dnsmasq did not start: " << dnsmasq_.log();
    auto made = CaresResolver::create(io_, {.server = "127.0.0.1:" + std::to_string(port_)});
    ASSERT_TRUE(made) << made.error().reason;
    resolver_ = std::move(*made);
  }

  // Runs the loop until the answer comes (c-ares gives up within timeout × tries).
  DnsAnswer ask(const DnsQuestion& question) {
    std::optional<DnsAnswer> got;
    resolver_->ask(question, [&](DnsAnswer answer) { got = std::move(answer); });
    io_.restart();
    while (!got && io_.run_one() > 0) {
    }
    EXPECT_TRUE(got) << question.name;
    return got.value_or(DnsAnswer{});
  }

  std::uint16_t port_ = free_udp_port();
  Dnsmasq dnsmasq_{port_};
  boost::asio::io_context io_;
  std::unique_ptr<CaresResolver> resolver_;
};

TEST_F(CaresResolverTest, NaptrSrvAndAddressRecordsWithTheirTtl) {
  const DnsAnswer naptr = ask({"pbx.test", DnsType::kNaptr});
  ASSERT_FALSE(naptr.failure) << naptr.reason;
  ASSERT_EQ(naptr.naptr.size(), 2U);
  EXPECT_EQ(naptr.ttl, 120U);
  const auto udp = std::ranges::find(naptr.naptr, "SIP+D2U", &NaptrRecord::service);
  ASSERT_NE(udp, naptr.naptr.end());
  EXPECT_EQ(*udp, (NaptrRecord{10, 50, "s", "SIP+D2U", "", "_sip._udp.pbx.test"}));

  const DnsAnswer srv = ask({"_sip._udp.pbx.test", DnsType::kSrv});
  ASSERT_FALSE(srv.failure) << srv.reason;
  ASSERT_EQ(srv.srv.size(), 2U);
  EXPECT_NE(std::ranges::find(srv.srv, SrvRecord{10, 60, 5070, "a.pbx.test"}), srv.srv.end());

  const DnsAnswer a = ask({"a.pbx.test", DnsType::kA});
  ASSERT_FALSE(a.failure) << a.reason;
  EXPECT_EQ(a.addresses, std::vector<std::string>{"127.0.0.1"});
  EXPECT_GT(a.ttl, 0U);
}

TEST_F(CaresResolverTest, NoSuchNameAndNoSuchTypeAreNoRecords) {
  const DnsAnswer missing = ask({"nobody.pbx.test", DnsType::kA});
  EXPECT_EQ(missing.failure, DnsFailure::kNoRecords) << missing.reason;
  const DnsAnswer no_v6 = ask({"a.pbx.test", DnsType::kAaaa});
  EXPECT_EQ(no_v6.failure, DnsFailure::kNoRecords) << no_v6.reason;
}

TEST_F(CaresResolverTest, AServerThatDoesNotAnswerIsAFailureNotAHang) {
  // A UDP socket of the test's own that reads nothing: c-ares times out, retries, gives up.
  boost::asio::ip::udp::socket silent(io_, {boost::asio::ip::make_address("127.0.0.1"), 0});
  auto made = CaresResolver::create(
      io_, {.server = "127.0.0.1:" + std::to_string(silent.local_endpoint().port()),
            .timeout = std::chrono::milliseconds(200),
            .tries = 1});
  ASSERT_TRUE(made);
  resolver_ = std::move(*made);
  const DnsAnswer answer = ask({"a.pbx.test", DnsType::kA});
  EXPECT_EQ(answer.failure, DnsFailure::kUnreachable);
  EXPECT_FALSE(answer.reason.empty());
}

TEST_F(CaresResolverTest, TheLocatorFindsTheServersThroughIt) {
  SeededRandom random(1);
  sip::ServerLocator locator({.host = "PBX.test"}, {}, random);
  for (int step = 0; step < 4 && !locator.finished(); ++step) {
    for (const auto& question : locator.questions()) {
      locator.on_answer(question, ask(question));
    }
  }
  ASSERT_TRUE(locator.finished());
  using sip::LocateTarget;
  // NAPTR order: UDP (priority 10 then 20), then TCP.
  EXPECT_EQ(locator.targets(),
            (std::vector<LocateTarget>{{TransportKind::kUdp, "127.0.0.1", 5070, "a.pbx.test"},
                                       {TransportKind::kUdp, "127.0.0.2", 5072, "b.pbx.test"},
                                       {TransportKind::kTcp, "127.0.0.1", 5071, "a.pbx.test"}}))
      << locator.error();
}

TEST(CaresResolver, ABadServerIsRefusedAtCreation) {
  boost::asio::io_context io;
  EXPECT_FALSE(CaresResolver::create(io, {.server = "not an address"}));
}

}  // namespace
}  // namespace sipline::transport
