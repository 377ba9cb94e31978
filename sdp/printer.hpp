// Printing a session description in canonical order (RFC 8866 §5): v o s i u e p c b t r z k a,
// then per stream m i c b k a; typed attributes in a fixed order, then the others as written.
// parse(print(s)) == s for every description the parser accepts.
#pragma once

#include <string>

#include "sdp/session.hpp"

namespace sipline::sdp {

[[nodiscard]] std::string print(const Session& session);

}  // namespace sipline::sdp
