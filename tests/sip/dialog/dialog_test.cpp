// Dialogs on the RFC 3261 §24.2 shaped flow (Alice and Bob through two record-routing proxies):
// both sides' dialog state, requests built inside the dialog (loose and strict routing), the
// CSeq rule, target refresh, early dialogs confirmed by 2xx.
#include "sip/dialog/dialog.hpp"

#include <array>
#include <string>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"

namespace sipline::sip {
namespace {

Message parse(std::string text) {
  std::string crlf;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
      crlf += '\r';
    }
    crlf += text[i];
  }
  auto message = parse_message(crlf);
  EXPECT_TRUE(message) << crlf;
  return std::move(*message);
}

// A request the dialog built, as the peer reads it: printed, then parsed back to the same.
Message parse(const Result<Message>& built) {
  EXPECT_TRUE(built);
  if (!built) {
    return {};
  }
  auto message = parse_message(print(*built));
  EXPECT_TRUE(message) << print(*built);
  if (!message) {
    return {};
  }
  EXPECT_EQ(*message, *built);
  return std::move(*message);
}

const char* const kInviteAtBob =
    "INVITE sip:bob@192.0.2.4 SIP/2.0\n"
    "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bK2\n"
    "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK0\n"
    "Max-Forwards: 68\n"
    "Record-Route: <sip:p2.example.com;lr>\n"
    "Record-Route: <sip:p1.example.com;lr>\n"
    "To: Bob <sip:bob@biloxi.com>\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
    "Call-ID: a84b4c76e66710\n"
    "CSeq: 314159 INVITE\n"
    "Contact: <sip:alice@pc33.atlanta.com>\n"
    "Content-Length: 0\n\n";

const char* const kInviteFromAlice =
    "INVITE sip:bob@biloxi.com SIP/2.0\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK0\n"
    "Max-Forwards: 70\n"
    "To: Bob <sip:bob@biloxi.com>\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
    "Call-ID: a84b4c76e66710\n"
    "CSeq: 314159 INVITE\n"
    "Contact: <sip:alice@pc33.atlanta.com>\n"
    "Content-Length: 0\n\n";

std::string ok_at_alice(const char* record_route, const char* status = "200 OK") {
  return std::string("SIP/2.0 ") + status +
         "\n"
         "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK0\n" +
         record_route +
         "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\n"
         "From: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
         "Call-ID: a84b4c76e66710\n"
         "CSeq: 314159 INVITE\n"
         "Contact: <sip:bob@192.0.2.4>\n"
         "Content-Length: 0\n\n";
}

constexpr const char* kBothProxies =
    "Record-Route: <sip:p2.example.com;lr>\nRecord-Route: <sip:p1.example.com;lr>\n";

std::vector<std::string> routes_of(const Message& message) {
  std::vector<std::string> out;
  for (const HeaderField& field : message.headers()) {
    if (field.id == HeaderId::kRoute) {
      out.emplace_back(field.value);
    }
  }
  return out;
}

TEST(Dialog, UasSideKeepsTheRecordRouteOrderAndTargetsTheCallersContact) {
  const Message invite = parse(kInviteAtBob);
  auto dialog = Dialog::as_uas(invite, "a6c85cf");
  ASSERT_TRUE(dialog);
  EXPECT_EQ(dialog->id(), (DialogId{"a84b4c76e66710", "a6c85cf", "1928301774"}));
  EXPECT_EQ(dialog->remote_seq(), 314159U);
  EXPECT_EQ(dialog->remote_target(), "sip:alice@pc33.atlanta.com");
  EXPECT_EQ(dialog->route_set(),
            (std::vector<std::string>{"<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"}));
  EXPECT_FALSE(dialog->matches(invite));  // it carries no To tag: the dialog begins after it

  const Message bye = parse(dialog->make_request(
      {.method = Method::kBye, .via = "SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10"}));
  EXPECT_EQ(bye.request_uri().text, "sip:alice@pc33.atlanta.com");
  EXPECT_EQ(routes_of(bye),
            (std::vector<std::string>{"<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"}));
  EXPECT_EQ(bye.from()->tag, "a6c85cf");
  EXPECT_EQ(bye.from()->uri.text, "sip:bob@biloxi.com");
  EXPECT_EQ(bye.to()->tag, "1928301774");
  EXPECT_EQ(bye.to()->display_name, "Alice");
  EXPECT_EQ(bye.cseq()->number, 1U);
  EXPECT_EQ(bye.cseq()->method, Method::kBye);
  EXPECT_EQ(bye.call_id(), "a84b4c76e66710");
}

TEST(Dialog, UacSideReversesTheRecordRouteAndTargetsTheCalleesContact) {
  const Message invite = parse(kInviteFromAlice);
  const Message ok = parse(ok_at_alice(kBothProxies));
  auto dialog = Dialog::as_uac(invite, ok);
  ASSERT_TRUE(dialog);
  EXPECT_EQ(dialog->state(), DialogState::kConfirmed);
  EXPECT_EQ(dialog->id(), (DialogId{"a84b4c76e66710", "1928301774", "a6c85cf"}));
  EXPECT_EQ(dialog->remote_target(), "sip:bob@192.0.2.4");
  EXPECT_TRUE(dialog->matches(ok));
  const Message bye = parse(dialog->make_request(
      {.method = Method::kBye, .via = "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds7"}));
  EXPECT_EQ(bye.request_uri().text, "sip:bob@192.0.2.4");
  EXPECT_EQ(routes_of(bye),
            (std::vector<std::string>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"}));
  EXPECT_EQ(bye.cseq()->number, 314160U);
  // The ACK for the 2xx reuses the INVITE's number and does not advance it.
  const Message ack =
      parse(dialog->make_request({.method = Method::kAck,
                                  .via = "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKack",
                                  .cseq = 314159}));
  EXPECT_EQ(ack.cseq()->number, 314159U);
  EXPECT_EQ(dialog->local_seq(), 314160U);
}

TEST(Dialog, AStrictRouterBecomesTheRequestUriAndTheTargetGoesLast) {
  const Message invite = parse(kInviteFromAlice);
  const Message ok =
      parse(ok_at_alice("Record-Route: <sip:p2.example.com;lr>\n"
                        "Record-Route: <sip:p1.example.com>\n"));
  auto dialog = Dialog::as_uac(invite, ok);
  ASSERT_TRUE(dialog);
  const Message bye =
      parse(dialog->make_request({.method = Method::kBye, .via = "SIP/2.0/UDP h;branch=z9hG4bKs"}));
  EXPECT_EQ(bye.request_uri().text, "sip:p1.example.com");
  EXPECT_EQ(routes_of(bye),
            (std::vector<std::string>{"<sip:p2.example.com;lr>", "<sip:bob@192.0.2.4>"}));
}

TEST(Dialog, AnEarlyDialogIsConfirmedByTheTwoHundredAndTakesItsRouteSet) {
  const Message invite = parse(kInviteFromAlice);
  const Message ringing =
      parse(ok_at_alice("Record-Route: <sip:p1.example.com;lr>\n", "180 Ringing"));
  auto dialog = Dialog::as_uac(invite, ringing);
  ASSERT_TRUE(dialog);
  EXPECT_EQ(dialog->state(), DialogState::kEarly);
  EXPECT_EQ(dialog->route_set().size(), 1U);
  dialog->on_response(invite, parse(ok_at_alice(kBothProxies)));
  EXPECT_EQ(dialog->state(), DialogState::kConfirmed);
  EXPECT_EQ(dialog->route_set(),
            (std::vector<std::string>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"}));
}

TEST(Dialog, RequestsFromThePeerMustRaiseTheCSeq) {
  auto dialog = Dialog::as_uas(parse(kInviteAtBob), "a6c85cf");
  ASSERT_TRUE(dialog);
  const auto request = [](const char* cseq, const char* method, const char* contact = "") {
    return parse(std::string(method) +
                 " sip:bob@192.0.2.4 SIP/2.0\n"
                 "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKx\n"
                 "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\n"
                 "From: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
                 "Call-ID: a84b4c76e66710\n"
                 "CSeq: " +
                 cseq + "\n" + contact + "Content-Length: 0\n\n");
  };
  EXPECT_EQ(dialog->on_request(request("314159 ACK", "ACK")), 0);
  EXPECT_EQ(dialog->on_request(request("314158 BYE", "BYE")), 500);
  EXPECT_EQ(dialog->on_request(request("314159 BYE", "BYE")), 500);
  EXPECT_TRUE(dialog->matches(request("314160 BYE", "BYE")));
  EXPECT_EQ(dialog->on_request(request("314160 INFO", "INFO")), 0);
  EXPECT_EQ(dialog->remote_seq(), 314160U);
  // A re-INVITE moves the remote target.
  EXPECT_EQ(dialog->on_request(
                request("314161 INVITE", "INVITE", "Contact: <sip:alice@198.51.100.7:5070>\n")),
            0);
  EXPECT_EQ(dialog->remote_target(), "sip:alice@198.51.100.7:5070");
}

TEST(Dialog, ForeignMessagesDoNotMatch) {
  auto dialog = Dialog::as_uas(parse(kInviteAtBob), "a6c85cf");
  ASSERT_TRUE(dialog);
  const Message other = parse(
      "BYE sip:bob@192.0.2.4 SIP/2.0\n"
      "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKy\n"
      "To: Bob <sip:bob@biloxi.com>;tag=someoneelse\n"
      "From: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
      "Call-ID: a84b4c76e66710\nCSeq: 9 BYE\nContent-Length: 0\n\n");
  EXPECT_FALSE(dialog->matches(other));
}

TEST(Dialog, NoDialogWithoutTagsOrContact) {
  const Message invite = parse(kInviteFromAlice);
  // A 200 without a To tag creates no dialog.
  std::string untagged = ok_at_alice("");
  untagged.replace(untagged.find(";tag=a6c85cf"), 12, "");
  EXPECT_FALSE(Dialog::as_uac(invite, parse(untagged)));
  std::string no_contact = ok_at_alice("");
  no_contact.replace(no_contact.find("Contact: <sip:bob@192.0.2.4>\n"), 29, "");
  EXPECT_FALSE(Dialog::as_uac(invite, parse(no_contact)));
  EXPECT_FALSE(Dialog::as_uas(invite, ""));
}

TEST(Dialog, BodiesAndExtraHeadersGoIn) {
  auto dialog = Dialog::as_uas(parse(kInviteAtBob), "a6c85cf");
  ASSERT_TRUE(dialog);
  const std::array<ExtraHeader, 1> subject{{{"Subject", "dtmf"}}};
  const Message info = parse(dialog->make_request({.method = Method::kInfo,
                                                   .via = "SIP/2.0/UDP h;branch=z9hG4bKi",
                                                   .contact = "<sip:bob@192.0.2.4>",
                                                   .extra_headers = subject,
                                                   .content_type = "application/dtmf-relay",
                                                   .body = "Signal=5\r\nDuration=160\r\n"}));
  EXPECT_EQ(info.body(), "Signal=5\r\nDuration=160\r\n");
  EXPECT_EQ(info.header("Subject"), "dtmf");
  EXPECT_EQ(info.contacts().size(), 1U);
}

}  // namespace
}  // namespace sipline::sip

namespace sipline::sip {
namespace {

TEST(Dialog, AnRfc2543InviteWithoutFromTagOrContactStillMakesADialog) {
  const Message invite = parse(
      "INVITE sip:UserB@example.com SIP/2.0\n"
      "Via: SIP/2.0/UDP iftgw.example.com\n"
      "From: <sip:+13035551111@ift.client.example.net;user=phone>\n"
      "To: sip:+16505552222@ss1.example.net;user=phone\n"
      "Call-ID: inv2543.1717@ift.client.example.com\n"
      "CSeq: 56 INVITE\n\n");
  auto dialog = Dialog::as_uas(invite, "ours");
  ASSERT_TRUE(dialog);
  EXPECT_EQ(dialog->id().remote_tag, "");
  EXPECT_EQ(dialog->remote_target(), "sip:+13035551111@ift.client.example.net;user=phone");
}

}  // namespace
}  // namespace sipline::sip
