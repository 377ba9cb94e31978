// The SIP parsers sipline is measured against, each behind one function: parse `bytes` as a
// whole message, free everything, and say whether it was accepted.
#pragma once

#include <string_view>

namespace sipline::bench {

void init_sofia();
bool parse_sofia(std::string_view bytes);  // msg_make + sip_object, then msg_destroy

void init_osip();
bool parse_osip(std::string_view bytes);  // osip_message_parse, then osip_message_free

void init_libre();
bool parse_libre(std::string_view bytes);  // sip_msg_decode, then mem_deref

}  // namespace sipline::bench
