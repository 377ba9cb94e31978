// rfc1123-date parsing.
#include "sip/message/date.hpp"

#include <array>
#include <span>

#include "base/text.hpp"

namespace sipline::sip {
namespace {

constexpr std::array<std::string_view, 7> kDays{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int index_of(std::string_view name, std::span<const std::string_view> names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int two_digits(std::string_view text, std::size_t at) {
  if (at + 2 > text.size() || !is_digit(text[at]) || !is_digit(text[at + 1])) {
    return -1;
  }
  return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// Days from 1970-01-01 to a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return std::int64_t{era} * 146097 + day_of_era - 719468;
}

}  // namespace

Result<std::int64_t> parse_sip_date(std::string_view value) noexcept {
  // "Sat, 13 Nov 2010 23:29:00 GMT": fixed layout, 29 characters.
  constexpr std::string_view kBad = "bad Date";
  if (value.size() != 29 || value.substr(3, 2) != ", " || value[7] != ' ' || value[11] != ' ' ||
      value[16] != ' ' || value[19] != ':' || value[22] != ':' || value.substr(25) != " GMT") {
    return fail(Errc::kMalformed, kBad, 0);
  }
  const int weekday = index_of(value.substr(0, 3), kDays);
  const int month = index_of(value.substr(8, 3), kMonths) + 1;
  const int day = two_digits(value, 5);
  const int century = two_digits(value, 12);
  const int year_low = two_digits(value, 14);
  const int hour = two_digits(value, 17);
  const int minute = two_digits(value, 20);
  const int second = two_digits(value, 23);
  if (weekday < 0 || month < 1 || day < 1 || day > 31 || century < 0 || year_low < 0 || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return fail(Errc::kMalformed, kBad, 0);
  }
  const std::int64_t days = days_from_civil(century * 100 + year_low, month, day);
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

}  // namespace sipline::sip
