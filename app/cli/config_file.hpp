// The phone's settings from an ini file in MicroSIP's format, and the command line on top.
//
//   [Settings]                       [Account1]
//   sourcePort=5070                  server=192.0.2.1:5060    (the registrar, an IP address)
//   autoAnswer=all                   domain=pbx.example.com   (the AoR's domain; default: server)
//   accountId=1                      username=alice
//   listen=192.0.2.10 (sipline)      password=secret          (plain text, unlike MicroSIP)
//   audio=null      (sipline)        authID=, displayName=, label=, registerRefresh=600,
//                                    instanceId=urn:uuid:…    (sipline: RFC 5626 +sip.instance)
//
// Every key MicroSIP writes is known (microsip_keys.hpp sorts them): the ones about the window,
// sounds and video are ignored; the ones that would change calls in a way not built yet are
// ignored and named in the notes returned, one line each, for the program to say at start-up;
// a value asking for what would keep the user safe (hide the caller id, screen or refuse
// callers, encrypt calls) is an error — better no phone than one that quietly does otherwise.
// A key neither MicroSIP nor sipline knows is an error too (a typo would otherwise be a silent
// default). Every error is one line: "FILE:LINE: [Section] key: reason".
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "app/cli/options.hpp"
#include "app/cli/section_reader.hpp"
#include "app/core/phone_config.hpp"

namespace sipline::app {

// Applies the ini text to `config` (untouched on an error); returns the notes, each
// "FILE:LINE: [Section] key=value: WHAT is not built yet (ignored)". `file` names it.
[[nodiscard]] std::expected<ConfigNotes, std::string> apply_config_text(std::string_view file,
                                                                        std::string_view text,
                                                                        PhoneConfig& config);

// Reads (at most 1 MiB of) the file and applies it.
[[nodiscard]] std::expected<ConfigNotes, std::string> apply_config_file(const std::string& path,
                                                                        PhoneConfig& config);

// The command line on top: only what the options name replaces what the file said (--listen :5080
// only the port). --account replaces the file's accounts with that one (checked here, to say
// what is wrong); --password, --register-expires and --instance without it are an error.
[[nodiscard]] std::expected<void, std::string> apply_options(const Options& options,
                                                             PhoneConfig& config);

}  // namespace sipline::app
