// Many timers behind one: each key has at most one deadline; set() re-arms, cancel() forgets,
// pop_due(now) hands back the keys whose time has come, earliest first. A driver keeps one OS
// timer at next() instead of one per protocol timer — a phone at thousands of calls per second
// holds hundreds of thousands of armed RFC 3261 timers (Timers J and L run 32 s on UDP).
//
// A binary heap with lazy deletion: cancelling or re-arming leaves the old heap entry behind,
// and it is skipped when it surfaces because its deadline no longer matches the key's. The heap
// is rebuilt from the live keys when stale entries outnumber them, so memory stays bounded by
// the armed timers, not by how often they were moved. No clock is read here: `now` comes in.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/clock.hpp"

namespace sipline {

template <class Key, class Hash = std::hash<Key>>
class DeadlineQueue {
 public:
  void set(const Key& key, TimePoint at) {
    armed_.insert_or_assign(key, at);
    push(at, key);
    compact_if_stale();
  }

  void cancel(const Key& key) { armed_.erase(key); }

  [[nodiscard]] bool armed(const Key& key) const { return armed_.contains(key); }
  [[nodiscard]] std::size_t size() const noexcept { return armed_.size(); }
  [[nodiscard]] bool empty() const noexcept { return armed_.empty(); }
  // Heap entries, stale ones included: what the queue holds in memory.
  [[nodiscard]] std::size_t entries() const noexcept { return heap_.size(); }

  // The earliest live deadline, if any.
  [[nodiscard]] std::optional<TimePoint> next() {
    drop_stale_top();
    if (heap_.empty()) {
      return std::nullopt;
    }
    return heap_.front().first;
  }

  // The earliest key due at `now` (deadline ≤ now), disarmed; nullopt when none is due.
  [[nodiscard]] std::optional<Key> pop_due(TimePoint now) {
    drop_stale_top();
    if (heap_.empty() || heap_.front().first > now) {
      return std::nullopt;
    }
    std::pop_heap(heap_.begin(), heap_.end(), later_);
    Key key = std::move(heap_.back().second);
    heap_.pop_back();
    armed_.erase(key);
    return key;
  }

 private:
  using Entry = std::pair<TimePoint, Key>;
  struct Later {  // a min-heap on the deadline
    bool operator()(const Entry& a, const Entry& b) const noexcept { return a.first > b.first; }
  };

  void push(TimePoint at, const Key& key) {
    heap_.emplace_back(at, key);
    std::push_heap(heap_.begin(), heap_.end(), later_);
  }

  [[nodiscard]] bool live(const Entry& entry) const {
    const auto found = armed_.find(entry.second);
    return found != armed_.end() && found->second == entry.first;
  }

  void drop_stale_top() {
    while (!heap_.empty() && !live(heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), later_);
      heap_.pop_back();
    }
  }

  // Re-arming a key twice at the same deadline leaves two live-looking entries; the rebuild
  // keeps exactly one per armed key.
  void compact_if_stale() {
    if (heap_.size() < 64 || heap_.size() <= 2 * armed_.size()) {
      return;
    }
    heap_.clear();
    for (const auto& [key, at] : armed_) {
      heap_.emplace_back(at, key);
    }
    std::make_heap(heap_.begin(), heap_.end(), later_);
  }

  std::unordered_map<Key, TimePoint, Hash> armed_;
  std::vector<Entry> heap_;
  [[no_unique_address]] Later later_;
};

}  // namespace sipline
