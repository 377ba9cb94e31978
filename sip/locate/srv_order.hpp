// The order to try a set of SRV records in (RFC 2782, "Usage rules"): by priority, lowest first;
// within a priority, a weighted random draw, repeated over the records not yet drawn, so a
// record of weight 60 comes first three times as often as one of weight 20. Records of weight
// 0 come first only when nothing heavier is left ("very small chance", §"Weight").
#pragma once

#include <vector>

#include "base/random.hpp"
#include "transport/dns_records.hpp"

namespace sipline::sip {

[[nodiscard]] std::vector<transport::SrvRecord> srv_order(std::vector<transport::SrvRecord> records,
                                                          Random& random);

}  // namespace sipline::sip
