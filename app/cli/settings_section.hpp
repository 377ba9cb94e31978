// [Settings]: the phone-wide keys of the ini file (listen, sourcePort, codecs, TLS, STUN, the
// rules for incoming calls …) read into a PhoneConfig. A key neither MicroSIP nor sipline knows
// is an error; one MicroSIP has that would change calls in a way not built yet is a note.
#pragma once

#include "app/cli/section_reader.hpp"
#include "app/core/phone_config.hpp"

namespace sipline::app {

[[nodiscard]] Applied read_settings(const SectionReader& in, PhoneConfig& config,
                                    ConfigNotes& notes);

}  // namespace sipline::app
