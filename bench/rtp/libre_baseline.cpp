// libre 1.1's receive path for RTP, as baresip drives it.
#define HAVE_INTTYPES_H
#define HAVE_STDBOOL_H
#include <re.h>

#include <stdexcept>

#include <netinet/in.h>

#include "bench/rtp/baselines.hpp"

// Exported by libre.so but declared only in its internal src/rtp/rtcp.h (libre 1.1 signatures,
// checked against the shared object: six arguments).
extern "C" {
struct rtcp_sess;
struct rtcp_sess* rtp_rtcp_sess(const struct rtp_sock* rs);
void rtcp_sess_rx_rtp(struct rtcp_sess* sess, uint16_t seq, uint32_t ts, uint32_t src,
                      size_t payload_size, const struct sa* peer);
}

namespace sipline::bench {

struct LibreReceiver::State {
  struct rtp_sock* socket = nullptr;
  struct sa peer{};
};

namespace {
void ignore_rtp(const struct sa*, const struct rtp_header*, struct mbuf*, void*) {}
}  // namespace

LibreReceiver::LibreReceiver(std::uint32_t clock_rate) : state_(std::make_unique<State>()) {
  static const bool ready = libre_init() == 0;
  struct sa local{};
  sa_set_str(&local, "127.0.0.1", 0);
  // rtp_alloc() alone leaves the RTCP session out, and with it every statistic: a real
  // rtp_listen() with RTCP enabled, as baresip opens its media sockets.
  if (!ready || rtp_listen(&state_->socket, IPPROTO_UDP, &local, 20000, 60000, true, ignore_rtp,
                           nullptr, nullptr) != 0) {
    throw std::runtime_error("libre rtp_listen failed");
  }
  rtcp_set_srate_rx(state_->socket, clock_rate);  // without it libre skips the jitter estimate
  sa_set_str(&state_->peer, "192.0.2.1", 4000);
}

LibreReceiver::~LibreReceiver() { mem_deref(state_->socket); }

bool LibreReceiver::receive(std::span<std::byte> datagram) {
  // A stack mbuf over the datagram, as libre's UDP receive hands it over: no copy.
  struct mbuf buffer{};
  buffer.buf = reinterpret_cast<uint8_t*>(datagram.data());
  buffer.size = datagram.size();
  buffer.end = datagram.size();
  // What libre's udp_recv_handler() does with a datagram.
  struct rtp_header header;
  if (rtp_decode(state_->socket, &buffer, &header) != 0) {
    return false;
  }
  rtcp_sess_rx_rtp(rtp_rtcp_sess(state_->socket), header.seq, header.ts, header.ssrc,
                   mbuf_get_left(&buffer), &state_->peer);
  return true;
}

std::uint32_t LibreReceiver::counted(std::uint32_t ssrc) const {
  struct rtcp_stats stats{};
  return rtcp_stats(state_->socket, ssrc, &stats) == 0 ? stats.rx.sent : 0;
}

}  // namespace sipline::bench
