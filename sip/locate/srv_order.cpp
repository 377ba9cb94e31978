// RFC 2782 ordering of SRV records.
#include "sip/locate/srv_order.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <tuple>

namespace sipline::sip {

std::vector<transport::SrvRecord> srv_order(std::vector<transport::SrvRecord> records,
                                            Random& random) {
  // (std::stable_sort would want the temporary buffer C++23 deprecates; the order within a
  // priority is drawn below anyway.)
  std::ranges::sort(records, {}, [](const transport::SrvRecord& record) {
    return std::tie(record.priority, record.target, record.port, record.weight);
  });
  std::vector<transport::SrvRecord> ordered;
  ordered.reserve(records.size());
  auto begin = records.begin();
  while (begin != records.end()) {
    const auto end = std::find_if(begin, records.end(), [&](const transport::SrvRecord& record) {
      return record.priority != begin->priority;
    });
    // One priority: the weight-0 records at the front of the list, then draw (RFC 2782).
    std::partition(begin, end, [](const auto& record) { return record.weight == 0; });
    std::vector<transport::SrvRecord> left(std::make_move_iterator(begin),
                                           std::make_move_iterator(end));
    while (!left.empty()) {
      std::uint32_t total = 0;
      for (const auto& record : left) {
        total += record.weight;
      }
      // A running sum ≥ a number drawn from [0, total]: the first such record is taken.
      const std::uint32_t drawn = random.uniform(total + 1);
      std::uint32_t running = 0;
      auto taken = left.begin();
      for (; taken != left.end(); ++taken) {
        running += taken->weight;
        if (running >= drawn) {
          break;
        }
      }
      ordered.push_back(std::move(*taken));
      left.erase(taken);
    }
    begin = end;
  }
  return ordered;
}

}  // namespace sipline::sip
