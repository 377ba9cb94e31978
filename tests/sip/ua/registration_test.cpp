// The registration client against a scripted registrar on a virtual clock: digest challenge and
// answer (checked the way a registrar checks it), refresh before expiry with the nonce count
// rising, stale nonces, a wrong password, 423 Min-Expires, backoff after failures and
// Retry-After, unregistering on stop.
#include "sip/ua/registration.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sip/message/auth_headers.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"

namespace sipline::sip {
namespace {

constexpr Duration kSecond{1'000'000};

RegistrationConfig alice() {
  RegistrationConfig config;
  config.registrar = "sip:example.com";
  config.aor = "sip:alice@example.com";
  config.display_name = "Alice";
  config.password = "wonderland";
  config.contact = "sip:alice@192.0.2.1:5060";
  config.instance_id = "urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF";
  config.sent_by = "192.0.2.1:5060";
  config.expires = 600;
  return config;
}

// What the client did in one step.
struct Outputs {
  std::vector<Message> sent;
  std::optional<TimePoint> timer;
  std::vector<RegistrationState> states;
};

Outputs drain(RegistrationClient& client) {
  Outputs out;
  while (auto o = client.poll()) {
    if (auto* send = std::get_if<registration::Send>(&*o)) {
      // What goes out is the print: it must parse back to the same request.
      auto message = parse_message(print(send->request));
      EXPECT_TRUE(message) << print(send->request);
      if (message) {
        EXPECT_EQ(*message, send->request);
        out.sent.push_back(std::move(*message));
      }
    } else if (auto* timer = std::get_if<registration::SetTimer>(&*o)) {
      out.timer = timer->at;
    } else if (auto* state = std::get_if<registration::StateChanged>(&*o)) {
      out.states.push_back(state->state);
    }
  }
  return out;
}

// A response to `request` with extra header lines.
Message respond(const Message& request, int status, const std::string& reason,
                const std::string& extra = "") {
  std::string text = fmt::format("SIP/2.0 {} {}\r\n", status, reason);
  for (const HeaderField& field : request.headers()) {
    if (field.id == HeaderId::kVia || field.id == HeaderId::kFrom || field.id == HeaderId::kTo ||
        field.id == HeaderId::kCallId || field.id == HeaderId::kCSeq) {
      fmt::format_to(std::back_inserter(text), "{}: {}{}\r\n", field.name, field.value,
                     field.id == HeaderId::kTo ? ";tag=reg1" : "");
    }
  }
  text += extra + "Content-Length: 0\r\n\r\n";
  auto message = parse_message(text);
  EXPECT_TRUE(message) << text;
  return std::move(*message);
}

std::string challenge(const std::string& nonce, bool stale = false) {
  return fmt::format(
      "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"{}\", qop=\"auth\", "
      "algorithm=MD5{}\r\n",
      nonce, stale ? ", stale=true" : "");
}

// The registrar's check: the Authorization's response recomputed from the password.
bool authorized(const Message& request, const std::string& password, std::uint32_t* nc = nullptr) {
  const auto value = request.header(HeaderId::kAuthorization);
  if (!value) {
    return false;
  }
  const auto header = parse_auth_header(*value);
  if (!header) {
    return false;
  }
  DigestChallenge c;
  c.realm = header->param("realm").value_or("");
  c.nonce = header->param("nonce").value_or("");
  c.qop_auth = header->param("qop") == "auth";
  const std::string user = header->param("username").value_or("");
  const std::string uri = header->param("uri").value_or("");
  const std::string cnonce = header->param("cnonce").value_or("");
  const std::uint32_t count =
      static_cast<std::uint32_t>(std::stoul(header->param("nc").value_or("0"), nullptr, 16));
  if (nc != nullptr) {
    *nc = count;
  }
  return header->param("response") ==
         digest_response(c, {"REGISTER", uri, user, password, cnonce, count});
}

std::string ok(std::uint32_t expires) {
  return fmt::format("Contact: <sip:alice@192.0.2.1:5060>;expires={}\r\n", expires);
}

TEST(Registration, ChallengeAnsweredThenRegisteredAndRefreshedEarly) {
  SeededRandom random(1);
  RegistrationClient client(alice(), random);
  TimePoint now{};
  client.start(now);
  auto out = drain(client);
  ASSERT_EQ(out.sent.size(), 1U);
  const Message first = out.sent[0];
  EXPECT_EQ(first.request_uri().text, "sip:example.com");
  EXPECT_EQ(first.header(HeaderId::kExpires), "600");
  EXPECT_NE(first.contacts()[0].text.find("+sip.instance"), std::string_view::npos);
  EXPECT_FALSE(first.header(HeaderId::kAuthorization));

  client.on_response(respond(first, 401, "Unauthorized", challenge("n1")), now);
  out = drain(client);
  ASSERT_EQ(out.sent.size(), 1U);
  const Message second = out.sent[0];
  std::uint32_t nc = 0;
  EXPECT_TRUE(authorized(second, "wonderland", &nc));
  EXPECT_EQ(nc, 1U);
  EXPECT_EQ(second.call_id(), first.call_id());
  EXPECT_EQ(second.cseq()->number, first.cseq()->number + 1);
  EXPECT_NE(second.vias()[0].branch, first.vias()[0].branch);

  client.on_response(respond(second, 200, "OK", ok(300)), now);
  out = drain(client);
  EXPECT_EQ(client.state(), RegistrationState::kRegistered);
  EXPECT_EQ(client.granted_expires(), 300U);  // the registrar's word, not ours
  ASSERT_TRUE(out.timer);
  EXPECT_EQ(*out.timer, now + 150 * kSecond);

  // The refresh answers the same nonce again with the next count, without waiting for a 401.
  now = *out.timer;
  client.on_timer(now);
  out = drain(client);
  ASSERT_EQ(out.sent.size(), 1U);
  EXPECT_TRUE(authorized(out.sent[0], "wonderland", &nc));
  EXPECT_EQ(nc, 2U);
  client.on_response(respond(out.sent[0], 200, "OK", ok(3600)), now);
  out = drain(client);
  EXPECT_EQ(*out.timer, now + 3000 * kSecond);  // long bindings: ten minutes early
}

TEST(Registration, AStaleNonceIsRenewedAWrongPasswordIsNot) {
  SeededRandom random(2);
  auto config = alice();
  RegistrationClient client(config, random);
  client.start({});
  auto out = drain(client);
  client.on_response(respond(out.sent[0], 401, "Unauthorized", challenge("n1")), {});
  out = drain(client);
  client.on_response(respond(out.sent[0], 401, "Unauthorized", challenge("n2", true)), {});
  out = drain(client);
  ASSERT_EQ(out.sent.size(), 1U);  // stale: answered again with the new nonce
  EXPECT_NE(out.sent[0].header(HeaderId::kAuthorization)->find("n2"), std::string_view::npos);
  client.on_response(respond(out.sent[0], 401, "Unauthorized", challenge("n3")), {});
  out = drain(client);
  EXPECT_TRUE(out.sent.empty());  // not stale: the password is wrong; no loop
  EXPECT_EQ(client.state(), RegistrationState::kFailed);
}

TEST(Registration, ChallengesFromAnotherRealmAreNotAnswered) {
  SeededRandom random(3);
  auto config = alice();
  config.realm = "example.com";
  RegistrationClient client(config, random);
  client.start({});
  auto out = drain(client);
  client.on_response(respond(out.sent[0], 401, "Unauthorized",
                             "WWW-Authenticate: Digest realm=\"evil.example\", nonce=\"x\"\r\n"),
                     {});
  out = drain(client);
  EXPECT_TRUE(out.sent.empty());
  EXPECT_EQ(client.state(), RegistrationState::kFailed);
}

TEST(Registration, IntervalTooBriefRaisesExpires) {
  SeededRandom random(4);
  RegistrationClient client(alice(), random);
  client.start({});
  auto out = drain(client);
  client.on_response(respond(out.sent[0], 423, "Interval Too Brief", "Min-Expires: 1800\r\n"), {});
  out = drain(client);
  ASSERT_EQ(out.sent.size(), 1U);
  EXPECT_EQ(out.sent[0].header(HeaderId::kExpires), "1800");
  // A Min-Expires that is no higher would loop: it is a failure instead.
  client.on_response(respond(out.sent[0], 423, "Interval Too Brief", "Min-Expires: 1800\r\n"), {});
  out = drain(client);
  EXPECT_TRUE(out.sent.empty());
  EXPECT_EQ(client.state(), RegistrationState::kWaiting);
}

TEST(Registration, FailuresBackOffExponentiallyAndRetryAfterIsHonoured) {
  SeededRandom random(5);
  RegistrationClient client(alice(), random);
  TimePoint now{};
  client.start(now);
  auto out = drain(client);
  std::vector<double> waits;
  for (int attempt = 0; attempt < 8; ++attempt) {
    client.on_failure(now);  // the transaction timed out
    out = drain(client);
    ASSERT_TRUE(out.timer);
    EXPECT_EQ(client.state(), RegistrationState::kWaiting);
    waits.push_back(static_cast<double>((*out.timer - now).count()) / 1e6);
    now = *out.timer;
    client.on_timer(now);
    out = drain(client);
    ASSERT_EQ(out.sent.size(), 1U);
  }
  // RFC 5626 §4.5: 50–100 % of min(1800, 30·2^(n−1)) seconds.
  for (std::size_t n = 0; n < waits.size(); ++n) {
    const double ceiling = std::min(1800.0, 30.0 * std::pow(2.0, static_cast<double>(n)));
    EXPECT_GE(waits[n], ceiling / 2) << n;
    EXPECT_LE(waits[n], ceiling) << n;
  }
  client.on_response(respond(out.sent[0], 503, "Service Unavailable", "Retry-After: 17\r\n"), now);
  out = drain(client);
  EXPECT_EQ(*out.timer, now + 17 * kSecond);
  // Success resets the backoff.
  client.on_timer(*out.timer);
  out = drain(client);
  client.on_response(respond(out.sent[0], 200, "OK", ok(600)), now);
  EXPECT_EQ(client.state(), RegistrationState::kRegistered);
}

TEST(Registration, StopUnregistersWithExpiresZero) {
  SeededRandom random(6);
  RegistrationClient client(alice(), random);
  client.start({});
  auto out = drain(client);
  client.on_response(respond(out.sent[0], 200, "OK", ok(600)), {});
  drain(client);
  client.stop({});
  out = drain(client);
  ASSERT_EQ(out.sent.size(), 1U);
  EXPECT_EQ(out.sent[0].header(HeaderId::kExpires), "0");
  EXPECT_EQ(client.state(), RegistrationState::kUnregistering);
  client.on_response(respond(out.sent[0], 200, "OK"), {});
  EXPECT_EQ(client.state(), RegistrationState::kUnregistered);
  // Answers to other REGISTERs (an older CSeq) change nothing.
  client.on_response(respond(out.sent[0], 200, "OK"), {});
  EXPECT_EQ(client.state(), RegistrationState::kUnregistered);
}

TEST(Registration, StrayAndProvisionalResponsesAreIgnored) {
  SeededRandom random(7);
  RegistrationClient client(alice(), random);
  client.start({});
  auto out = drain(client);
  client.on_response(respond(out.sent[0], 100, "Trying"), {});
  EXPECT_EQ(client.state(), RegistrationState::kRegistering);
  auto other = out.sent[0];
  auto text = fmt::format(
      "SIP/2.0 200 OK\r\nVia: {}\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:x@y>\r\n"
      "Call-ID: someone-else\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n",
      other.vias()[0].text);
  client.on_response(*parse_message(text), {});
  EXPECT_EQ(client.state(), RegistrationState::kRegistering);
}

}  // namespace
}  // namespace sipline::sip

namespace sipline::sip {
namespace {

// The registrar's answer as it saw us behind a NAT: the Via's rport and received filled in.
Message respond_through_nat(const Message& request, const std::string& extra = "") {
  Message answer = respond(request, 200, "OK", extra);
  std::string text = print(answer);
  const auto at = text.find(";rport");
  EXPECT_NE(at, std::string::npos);
  text.replace(at, 6, ";rport=40000;received=198.51.100.7");
  return parse_message(text).value();
}

// allowRewrite (RFC 3581): the registrar saw us at 198.51.100.7:40000 — that address is
// registered at once in place of ours, which is removed, and calls use it; a later answer from
// the same NAT changes nothing.
TEST(Registration, TheAddressTheRegistrarSawIsRegisteredWhenAllowed) {
  SeededRandom random(1);
  RegistrationConfig config = alice();
  config.allow_rewrite = true;
  config.instance_id.clear();
  RegistrationClient client(config, random);
  client.start({});
  auto out = drain(client);
  ASSERT_EQ(out.sent.size(), 1U);
  client.on_response(respond_through_nat(out.sent[0], "Expires: 600\r\n"), {});
  out = drain(client);
  ASSERT_EQ(out.sent.size(), 1U) << "registered again at once";
  EXPECT_TRUE(out.states.empty()) << "not registered at the address nobody can reach";
  EXPECT_EQ(client.contact(), "sip:alice@198.51.100.7:40000");
  const auto contacts = out.sent[0].contacts();
  ASSERT_EQ(contacts.size(), 2U);
  EXPECT_EQ(contacts[0].uri.text, "sip:alice@198.51.100.7:40000");
  EXPECT_EQ(contacts[1].uri.text, "sip:alice@192.0.2.1:5060");
  EXPECT_EQ(contacts[1].expires, "0");
  client.on_response(respond_through_nat(out.sent[0], "Expires: 600\r\n"), {});
  out = drain(client);
  EXPECT_TRUE(out.sent.empty()) << "the same NAT: nothing more to change";
  EXPECT_EQ(out.states, std::vector<RegistrationState>{RegistrationState::kRegistered});
  EXPECT_EQ(client.contact(), "sip:alice@198.51.100.7:40000");
}

TEST(Registration, WithoutAllowRewriteTheContactStays) {
  SeededRandom random(1);
  RegistrationClient client(alice(), random);
  client.start({});
  auto out = drain(client);
  client.on_response(respond_through_nat(out.sent[0], "Expires: 600\r\n"), {});
  out = drain(client);
  EXPECT_TRUE(out.sent.empty());
  EXPECT_EQ(out.states, std::vector<RegistrationState>{RegistrationState::kRegistered});
  EXPECT_EQ(client.contact(), "sip:alice@192.0.2.1:5060");
}

}  // namespace
}  // namespace sipline::sip
