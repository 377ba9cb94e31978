// libosip2 5.3 (Debian): osip_message_parse() copies and parses into its own structures.
#include <osipparser2/osip_message.h>
#include <osipparser2/osip_parser.h>

#include "bench/sip_parse/baselines.hpp"

namespace sipline::bench {
namespace {
void quiet(const char*, int, osip_trace_level_t, const char*, va_list) {}
}  // namespace

void init_osip() {
  parser_init();  // without it osip_message_parse crashes (BENCH.md §3)
  osip_trace_initialize_func(TRACE_LEVEL0, quiet);
}

bool parse_osip(std::string_view bytes) {
  osip_message_t* message = nullptr;
  osip_message_init(&message);
  const int status = osip_message_parse(message, bytes.data(), bytes.size());
  osip_message_free(message);
  return status == 0;
}

}  // namespace sipline::bench
