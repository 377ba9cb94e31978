// Fuzzes the registration client: any sequence of final responses (status, challenges, Min-Expires,
// Retry-After, Contact expires — values taken from the input), transaction failures, timer
// firings, start and stop. Every REGISTER it emits must parse; nothing crashes or loops.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/random.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/printer.hpp"
#include "sip/ua/registration.hpp"

using namespace sipline;

namespace {

std::string field(ByteReader& in) {
  const auto length = in.u8();
  if (!length) {
    return {};
  }
  const auto bytes = in.take(std::min<std::size_t>(*length % 64, in.remaining()));
  std::string out;
  for (const std::byte b : bytes.value_or(Bytes{})) {
    const auto c = static_cast<char>(b);
    out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;  // one header line each
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteReader in(Bytes(reinterpret_cast<const std::byte*>(data), size));
  SeededRandom random(size);
  sip::RegistrationConfig config;
  config.registrar = "sip:example.com";
  config.aor = "sip:alice@example.com";
  config.password = "pw";
  config.contact = "sip:alice@192.0.2.1:5060";
  config.sent_by = "192.0.2.1:5060";
  config.expires = 120;
  // Half the inputs learn their address from the responses' Via (allowRewrite), over TCP.
  config.allow_rewrite = size % 2 == 1;
  config.transport =
      size % 2 == 1 ? transport::TransportKind::kTcp : transport::TransportKind::kUdp;
  sip::RegistrationClient client(config, random);
  std::string last;  // the last REGISTER sent
  TimePoint now{};
  int steps = 0;
  while (in.remaining() >= 3 && ++steps < 200) {
    const std::uint8_t op = *in.u8();
    now += Duration{static_cast<std::int64_t>(op) * 100'000};
    switch (op % 6) {
      case 0:
        client.start(now);
        break;
      case 1:
        client.stop(now);
        break;
      case 2:
        client.on_timer(now);
        break;
      case 3:
        client.on_failure(now);
        break;
      default: {
        if (last.empty()) {
          break;
        }
        const auto request = sip::parse_message(last);
        if (!request) {
          std::abort();
        }
        const int status = 100 + static_cast<int>(*in.u16() % 600);
        std::string via(request->vias()[0].text);
        if (config.allow_rewrite) {  // where the registrar says it saw us (RFC 3581)
          if (const auto at = via.find(";rport"); at != std::string::npos) {
            via.replace(at, 6, ";received=" + field(in) + ";rport=" + field(in));
          }
        }
        std::string text = fmt::format(
            "SIP/2.0 {} X\r\nVia: {}\r\nFrom: {}\r\nTo: {};tag=r\r\n"
            "Call-ID: {}\r\nCSeq: {} REGISTER\r\n",
            status, via, *request->header(sip::HeaderId::kFrom),
            *request->header(sip::HeaderId::kTo), request->call_id(), request->cseq()->number);
        text += "WWW-Authenticate: Digest " + field(in) + "\r\n";
        text += "Proxy-Authenticate: " + field(in) + "\r\n";
        text += "Min-Expires: " + field(in) + "\r\n";
        text += "Retry-After: " + field(in) + "\r\n";
        text += "Contact: <sip:alice@192.0.2.1:5060>;expires=" + field(in) + "\r\n";
        text += "Content-Length: 0\r\n\r\n";
        if (const auto response = sip::parse_message(text)) {
          client.on_response(*response, now);
        }
      }
    }
    while (auto output = client.poll()) {
      if (const auto* send = std::get_if<sip::registration::Send>(&*output)) {
        last = sip::print(send->request);
        if (!sip::parse_message(last)) {
          std::abort();  // we must never emit an unparsable REGISTER
        }
      }
    }
  }
  return 0;
}
