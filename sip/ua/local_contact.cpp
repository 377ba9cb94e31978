// Our Contact over a transport.
#include "sip/ua/local_contact.hpp"

#include "base/text.hpp"

namespace sipline::sip {

std::string contact_over(std::string_view contact, transport::TransportKind kind) {
  std::string out(contact);
  if (kind == transport::TransportKind::kUdp || iequals(contact.substr(0, 5), "sips:")) {
    return out;
  }
  out += kind == transport::TransportKind::kTcp ? ";transport=tcp" : ";transport=tls";
  return out;
}

}  // namespace sipline::sip
