// The SDP printer.
#include "sdp/printer.hpp"

#include <iterator>

#include <fmt/format.h>

namespace sipline::sdp {
namespace {

using Out = std::back_insert_iterator<std::string>;

std::string_view address_type_name(AddressType type) {
  return type == AddressType::kIp4 ? "IP4" : "IP6";
}

std::string_view direction_name(Direction direction) {
  switch (direction) {
    case Direction::kSendRecv:
      return "sendrecv";
    case Direction::kSendOnly:
      return "sendonly";
    case Direction::kRecvOnly:
      return "recvonly";
    case Direction::kInactive:
      return "inactive";
  }
  return "sendrecv";
}

std::string_view setup_name(Setup setup) {
  switch (setup) {
    case Setup::kActive:
      return "active";
    case Setup::kPassive:
      return "passive";
    case Setup::kActPass:
      return "actpass";
    case Setup::kHoldConn:
      return "holdconn";
  }
  return "actpass";
}

void print_connection(Out out, const Connection& connection) {
  fmt::format_to(out, "IN {} {}", address_type_name(connection.type), connection.address);
  if (connection.ttl) {
    fmt::format_to(out, "/{}", unsigned{*connection.ttl});
  }
  if (connection.address_count) {
    fmt::format_to(out, "/{}", *connection.address_count);
  }
}

void print_common(Out out, const CommonAttributes& common) {
  if (common.direction) {
    fmt::format_to(out, "a={}\r\n", direction_name(*common.direction));
  }
  if (common.ice_ufrag) {
    fmt::format_to(out, "a=ice-ufrag:{}\r\n", *common.ice_ufrag);
  }
  if (common.ice_pwd) {
    fmt::format_to(out, "a=ice-pwd:{}\r\n", *common.ice_pwd);
  }
  if (common.fingerprint) {
    fmt::format_to(out, "a=fingerprint:{} {}\r\n", common.fingerprint->hash_function,
                   common.fingerprint->value);
  }
  if (common.setup) {
    fmt::format_to(out, "a=setup:{}\r\n", setup_name(*common.setup));
  }
  for (const Attribute& attribute : common.other) {
    if (attribute.value) {
      fmt::format_to(out, "a={}:{}\r\n", attribute.name, *attribute.value);
    } else {
      fmt::format_to(out, "a={}\r\n", attribute.name);
    }
  }
}

void print_media(Out out, const Media& media) {
  fmt::format_to(out, "m={} {}", media.media, media.port);
  if (media.port_count) {
    fmt::format_to(out, "/{}", *media.port_count);
  }
  fmt::format_to(out, " {}", media.proto);
  for (const std::string& format : media.formats) {
    fmt::format_to(out, " {}", format);
  }
  fmt::format_to(out, "\r\n");
  if (media.title) {
    fmt::format_to(out, "i={}\r\n", *media.title);
  }
  if (media.connection) {
    fmt::format_to(out, "c=");
    print_connection(out, *media.connection);
    fmt::format_to(out, "\r\n");
  }
  for (const Bandwidth& bandwidth : media.bandwidths) {
    fmt::format_to(out, "b={}:{}\r\n", bandwidth.type, bandwidth.value);
  }
  if (media.key) {
    fmt::format_to(out, "k={}\r\n", *media.key);
  }
  for (const RtpMap& map : media.rtpmaps) {
    fmt::format_to(out, "a=rtpmap:{} {}/{}", unsigned{map.payload_type}, map.encoding,
                   map.clock_rate);
    if (map.channels != 1) {
      fmt::format_to(out, "/{}", unsigned{map.channels});
    }
    fmt::format_to(out, "\r\n");
  }
  for (const Fmtp& fmtp : media.fmtps) {
    fmt::format_to(out, "a=fmtp:{} {}\r\n", fmtp.format, fmtp.parameters);
  }
  if (media.ptime) {
    fmt::format_to(out, "a=ptime:{}\r\n", *media.ptime);
  }
  if (media.maxptime) {
    fmt::format_to(out, "a=maxptime:{}\r\n", *media.maxptime);
  }
  if (media.rtcp) {
    fmt::format_to(out, "a=rtcp:{}", media.rtcp->port);
    if (media.rtcp->connection) {
      fmt::format_to(out, " ");
      print_connection(out, *media.rtcp->connection);
    }
    fmt::format_to(out, "\r\n");
  }
  if (media.rtcp_mux) {
    fmt::format_to(out, "a=rtcp-mux\r\n");
  }
  if (media.mid) {
    fmt::format_to(out, "a=mid:{}\r\n", *media.mid);
  }
  for (const CryptoAttribute& crypto : media.cryptos) {
    fmt::format_to(out, "a=crypto:{} {} {}", crypto.tag, crypto.suite_name, crypto.key_params);
    for (const std::string& param : crypto.session_params) {
      fmt::format_to(out, " {}", param);
    }
    fmt::format_to(out, "\r\n");
  }
  for (const std::string& candidate : media.candidates) {
    fmt::format_to(out, "a=candidate:{}\r\n", candidate);
  }
  print_common(out, media.common);
}

}  // namespace

std::string print(const Session& session) {
  std::string text;
  const Out out(text);
  const Origin& origin = session.origin;
  fmt::format_to(out, "v=0\r\no={} {} {} IN {} {}\r\ns={}\r\n", origin.username, origin.session_id,
                 origin.session_version, address_type_name(origin.address_type), origin.address,
                 session.name);
  if (session.information) {
    fmt::format_to(out, "i={}\r\n", *session.information);
  }
  if (session.uri) {
    fmt::format_to(out, "u={}\r\n", *session.uri);
  }
  for (const std::string& email : session.emails) {
    fmt::format_to(out, "e={}\r\n", email);
  }
  for (const std::string& phone : session.phones) {
    fmt::format_to(out, "p={}\r\n", phone);
  }
  if (session.connection) {
    fmt::format_to(out, "c=");
    print_connection(out, *session.connection);
    fmt::format_to(out, "\r\n");
  }
  for (const Bandwidth& bandwidth : session.bandwidths) {
    fmt::format_to(out, "b={}:{}\r\n", bandwidth.type, bandwidth.value);
  }
  for (const Timing& timing : session.timings) {
    fmt::format_to(out, "t={} {}\r\n", timing.start, timing.stop);
    for (const std::string& repeat : timing.repeats) {
      fmt::format_to(out, "r={}\r\n", repeat);
    }
  }
  if (session.zone) {
    fmt::format_to(out, "z={}\r\n", *session.zone);
  }
  if (session.key) {
    fmt::format_to(out, "k={}\r\n", *session.key);
  }
  print_common(out, session.common);
  for (const Media& media : session.media) {
    print_media(out, media);
  }
  return text;
}

}  // namespace sipline::sdp
