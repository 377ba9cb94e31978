// The SDP printer.
#include "sdp/printer.hpp"

#include <cstdint>
#include <string_view>

#include "base/text.hpp"

namespace sipline::sdp {
namespace {

// Text and numbers appended in order: one description per call is printed, and a format
// string parsed at run time for each line cost more than the rest of the printing.
class Out {
 public:
  explicit Out(std::string& text) : text_(text) {}
  Out& operator<<(std::string_view part) {
    text_.append(part);
    return *this;
  }
  Out& operator<<(std::uint64_t number) {
    append_decimal(text_, number);
    return *this;
  }

 private:
  std::string& text_;
};

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

void print_connection(Out& out, const Connection& connection) {
  out << "IN " << address_type_name(connection.type) << " " << connection.address;
  if (connection.ttl) {
    out << "/" << std::uint64_t{*connection.ttl};
  }
  if (connection.address_count) {
    out << "/" << std::uint64_t{*connection.address_count};
  }
}

void print_common(Out& out, const CommonAttributes& common) {
  if (common.direction) {
    out << "a=" << direction_name(*common.direction) << "\r\n";
  }
  if (common.ice_ufrag) {
    out << "a=ice-ufrag:" << *common.ice_ufrag << "\r\n";
  }
  if (common.ice_pwd) {
    out << "a=ice-pwd:" << *common.ice_pwd << "\r\n";
  }
  if (common.fingerprint) {
    out << "a=fingerprint:" << common.fingerprint->hash_function << " " << common.fingerprint->value
        << "\r\n";
  }
  if (common.setup) {
    out << "a=setup:" << setup_name(*common.setup) << "\r\n";
  }
  for (const Attribute& attribute : common.other) {
    out << "a=" << attribute.name;
    if (attribute.value) {
      out << ":" << *attribute.value;
    }
    out << "\r\n";
  }
}

void print_media(Out& out, const Media& media) {
  out << "m=" << media.media << " " << std::uint64_t{media.port};
  if (media.port_count) {
    out << "/" << std::uint64_t{*media.port_count};
  }
  out << " " << media.proto;
  for (const std::string& format : media.formats) {
    out << " " << format;
  }
  out << "\r\n";
  if (media.title) {
    out << "i=" << *media.title << "\r\n";
  }
  if (media.connection) {
    out << "c=";
    print_connection(out, *media.connection);
    out << "\r\n";
  }
  for (const Bandwidth& bandwidth : media.bandwidths) {
    out << "b=" << bandwidth.type << ":" << std::uint64_t{bandwidth.value} << "\r\n";
  }
  if (media.key) {
    out << "k=" << *media.key << "\r\n";
  }
  for (const RtpMap& map : media.rtpmaps) {
    out << "a=rtpmap:" << std::uint64_t{map.payload_type} << " " << map.encoding << "/"
        << std::uint64_t{map.clock_rate};
    if (map.channels != 1) {
      out << "/" << std::uint64_t{map.channels};
    }
    out << "\r\n";
  }
  for (const Fmtp& fmtp : media.fmtps) {
    out << "a=fmtp:" << fmtp.format << " " << fmtp.parameters << "\r\n";
  }
  if (media.ptime) {
    out << "a=ptime:" << std::uint64_t{*media.ptime} << "\r\n";
  }
  if (media.maxptime) {
    out << "a=maxptime:" << std::uint64_t{*media.maxptime} << "\r\n";
  }
  if (media.rtcp) {
    out << "a=rtcp:" << std::uint64_t{media.rtcp->port};
    if (media.rtcp->connection) {
      out << " ";
      print_connection(out, *media.rtcp->connection);
    }
    out << "\r\n";
  }
  if (media.rtcp_mux) {
    out << "a=rtcp-mux\r\n";
  }
  if (media.mid) {
    out << "a=mid:" << *media.mid << "\r\n";
  }
  for (const CryptoAttribute& crypto : media.cryptos) {
    out << "a=crypto:" << std::uint64_t{crypto.tag} << " " << crypto.suite_name << " "
        << crypto.key_params;
    for (const std::string& param : crypto.session_params) {
      out << " " << param;
    }
    out << "\r\n";
  }
  for (const std::string& candidate : media.candidates) {
    out << "a=candidate:" << candidate << "\r\n";
  }
  print_common(out, media.common);
}

}  // namespace

std::string print(const Session& session) {
  std::string text;
  text.reserve(256);
  Out out(text);
  const Origin& origin = session.origin;
  out << "v=0\r\no=" << origin.username << " " << origin.session_id << " " << origin.session_version
      << " IN " << address_type_name(origin.address_type) << " " << origin.address
      << "\r\ns=" << session.name << "\r\n";
  if (session.information) {
    out << "i=" << *session.information << "\r\n";
  }
  if (session.uri) {
    out << "u=" << *session.uri << "\r\n";
  }
  for (const std::string& email : session.emails) {
    out << "e=" << email << "\r\n";
  }
  for (const std::string& phone : session.phones) {
    out << "p=" << phone << "\r\n";
  }
  if (session.connection) {
    out << "c=";
    print_connection(out, *session.connection);
    out << "\r\n";
  }
  for (const Bandwidth& bandwidth : session.bandwidths) {
    out << "b=" << bandwidth.type << ":" << std::uint64_t{bandwidth.value} << "\r\n";
  }
  for (const Timing& timing : session.timings) {
    out << "t=" << timing.start << " " << timing.stop << "\r\n";
    for (const std::string& repeat : timing.repeats) {
      out << "r=" << repeat << "\r\n";
    }
  }
  if (session.zone) {
    out << "z=" << *session.zone << "\r\n";
  }
  if (session.key) {
    out << "k=" << *session.key << "\r\n";
  }
  print_common(out, session.common);
  for (const Media& media : session.media) {
    print_media(out, media);
  }
  return text;
}

}  // namespace sipline::sdp
