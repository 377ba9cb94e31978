// The phone's settings from an ini file in MicroSIP's format, and the command line on top.
//
//   [Settings]                       [Account1]
//   sourcePort=5070                  server=192.0.2.1:5060    (the registrar, an IP address)
//   autoAnswer=1                     domain=pbx.example.com   (the AoR's domain; default: server)
//   accountId=1                      username=alice
//   listen=192.0.2.10 (sipline)      password=secret          (plain text, unlike MicroSIP)
//   audio=null      (sipline)        authID=, displayName=, label=, registerRefresh=600,
//                                    instanceId=urn:uuid:…    (sipline: RFC 5626 +sip.instance)
//
// MicroSIP keys sipline has no use for (window positions, video, codecs order …) are accepted
// and ignored, so a real microsip.ini loads; a key neither knows is an error (a typo would
// otherwise be a silent default), and so is a MicroSIP setting that would change the calls
// but is not built yet (TCP/TLS, an outbound proxy, SRTP, event hooks): better no phone than a
// phone that quietly does something else. Every error is one line: "FILE:LINE: [Section] key:
// reason".
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "app/cli/options.hpp"
#include "app/core/phone.hpp"

namespace sipline::app {

// Applies the ini text to `config`. `file` names it in errors.
[[nodiscard]] std::expected<void, std::string> apply_config_text(std::string_view file,
                                                                 std::string_view text,
                                                                 PhoneConfig& config);

// Reads (at most 1 MiB of) the file and applies it.
[[nodiscard]] std::expected<void, std::string> apply_config_file(const std::string& path,
                                                                 PhoneConfig& config);

// The command line on top: only what the options name replaces what the file said (--listen :5080
// only the port). --account replaces the file's accounts with that one (checked here, to say
// what is wrong); --password, --register-expires and --instance without it are an error.
[[nodiscard]] std::expected<void, std::string> apply_options(const Options& options,
                                                             PhoneConfig& config);

}  // namespace sipline::app
