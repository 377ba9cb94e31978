// libre 1.1 (Debian, baresip's stack): sip_msg_decode() is zero-copy over an mbuf.
#define HAVE_INTTYPES_H
#define HAVE_STDBOOL_H
#include <re.h>

#include "bench/sip_parse/baselines.hpp"

namespace sipline::bench {
namespace {
mbuf* g_buffer = nullptr;
std::string_view g_loaded;
}  // namespace

void init_libre() { ::libre_init(); }

bool parse_libre(std::string_view bytes) {
  // The buffer is filled once per distinct input; decode then runs from position 0 each time.
  if (g_loaded.data() != bytes.data() || g_loaded.size() != bytes.size()) {
    mem_deref(g_buffer);
    g_buffer = mbuf_alloc(bytes.size());
    mbuf_write_mem(g_buffer, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    g_loaded = bytes;
  }
  g_buffer->pos = 0;
  sip_msg* message = nullptr;
  const int error = sip_msg_decode(&message, g_buffer);
  mem_deref(message);
  return error == 0;
}

}  // namespace sipline::bench
