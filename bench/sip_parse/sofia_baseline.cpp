// sofia-sip 1.12 (Debian libsofia-sip-ua): msg_make() parses and copies every known header.
#include <sofia-sip/msg.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#include "bench/sip_parse/baselines.hpp"

namespace sipline::bench {
namespace {
msg_mclass_t const* g_mclass = nullptr;
}

void init_sofia() { g_mclass = sip_default_mclass(); }

bool parse_sofia(std::string_view bytes) {
  msg_t* message = msg_make(g_mclass, 0, bytes.data(), static_cast<isize_t>(bytes.size()));
  if (message == nullptr) {
    return false;
  }
  const sip_t* sip = sip_object(message);
  // BENCH.md §3: OK when no error flag, a request or status line, and no unparsable header.
  const bool ok = !msg_has_error(message) && sip != nullptr &&
                  (sip->sip_request != nullptr || sip->sip_status != nullptr) &&
                  sip->sip_error == nullptr;
  msg_destroy(message);
  return ok;
}

}  // namespace sipline::bench
