// The ini file: [Settings] and [Account1..N] keys applied to a PhoneConfig.
#include "app/cli/config_file.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "app/cli/microsip_keys.hpp"
#include "app/core/media_engine.hpp"
#include "base/ini.hpp"
#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sip/message/char_class.hpp"

namespace sipline::app {
namespace {

using Applied = std::expected<void, std::string>;

class SectionReader {
 public:
  SectionReader(std::string_view file, const IniSection& section)
      : file_(file), section_(section) {}

  [[nodiscard]] std::string error(const IniEntry& entry, std::string_view reason) const {
    return fmt::format("{}:{}: [{}] {}: {}", file_, entry.line, section_.name, entry.key, reason);
  }
  [[nodiscard]] std::string error(std::string_view reason) const {
    return fmt::format("{}:{}: [{}]: {}", file_, section_.line, section_.name, reason);
  }

  // "0" or "1", as MicroSIP writes them, into `out`.
  [[nodiscard]] Applied flag(const IniEntry& entry, bool& out) const {
    if (entry.value != "0" && !entry.value.empty() && entry.value != "1") {
      return std::unexpected(error(entry, fmt::format("needs 0 or 1, got '{}'", entry.value)));
    }
    out = entry.value == "1";
    return {};
  }

  // A decimal number in [low, high], into `out`.
  template <class T>
  [[nodiscard]] Applied number(const IniEntry& entry, T low, T high, T& out) const {
    const auto value = parse_decimal<T>(entry.value);
    if (!value || *value < low || *value > high) {
      return std::unexpected(error(
          entry, fmt::format("needs a number from {} to {}, got '{}'", low, high, entry.value)));
    }
    out = *value;
    return {};
  }

  // For settings sipline does not have yet: empty (or "0", "disabled") is the only value.
  [[nodiscard]] Applied off_only(const IniEntry& entry, std::string_view what) const {
    if (entry.value.empty() || entry.value == "0" || iequals(entry.value, "disabled")) {
      return {};
    }
    return std::unexpected(error(entry, fmt::format("{} is not supported yet", what)));
  }

  [[nodiscard]] const IniSection& section() const { return section_; }

 private:
  std::string_view file_;
  const IniSection& section_;
};

Applied apply_setting(const SectionReader& in, const IniEntry& entry, PhoneConfig& config) {
  const std::string_view key = entry.key;
  if (iequals(key, "sourcePort")) {
    return in.number<std::uint16_t>(entry, 0, 65535, config.listen_port);
  } else if (iequals(key, "listen")) {
    // Our address goes into Via and Contact: it must be one peers can reach.
    if (!is_ipv4_address(entry.value) && !is_ipv6_address(entry.value)) {
      return std::unexpected(in.error(
          entry,
          fmt::format("needs an IP address (the port is sourcePort), got '{}'", entry.value)));
    }
    if (entry.value == "0.0.0.0" || entry.value == "::") {
      return std::unexpected(
          in.error(entry, "needs the address peers reach us at, not the unspecified one"));
    }
    config.listen_address = entry.value;
  } else if (iequals(key, "autoAnswer")) {
    // MicroSIP: 1 answers every call; 2 only calls whose INVITE asks for it (not built yet).
    if (entry.value == "2") {
      return std::unexpected(
          in.error(entry, "2 (answer when the caller asks for it) is not supported yet"));
    }
    return in.flag(entry, config.auto_answer);
  } else if (iequals(key, "accountId")) {
    return in.number<std::size_t>(entry, 0, 99, config.default_account);
  } else if (iequals(key, "userAgent")) {
    if (std::ranges::any_of(entry.value, [](char c) {
          const auto octet = static_cast<unsigned char>(c);
          return octet < 0x20 || octet == 0x7F;
        })) {
      return std::unexpected(in.error(entry, "control characters are not allowed"));
    }
    if (!entry.value.empty()) {
      config.user_agent = entry.value;
    }
  } else if (iequals(key, "user")) {
    if (entry.value.empty() || !std::ranges::all_of(entry.value, [](char c) {
          return is_alnum(c) || std::string_view("-_.!~*'()+").find(c) != std::string_view::npos;
        })) {
      return std::unexpected(
          in.error(entry, fmt::format("not a SIP user name: '{}'", entry.value)));
    }
    config.user = entry.value;
  } else if (iequals(key, "audio")) {
    if (!parse_audio_mode(entry.value)) {
      return std::unexpected(in.error(
          entry,
          fmt::format("needs auto, null, default or file:IN.wav:OUT.wav, got '{}'", entry.value)));
    }
    config.audio = entry.value;
  } else if (iequals(key, "sipTrace")) {
    return in.flag(entry, config.sip_trace);
  } else if (microsip::listed(microsip::kHooks, key)) {
    return in.off_only(entry, "running a command on call events");
  } else if (iequals(key, "denyIncoming") || iequals(key, "DND")) {
    return in.off_only(entry, "refusing incoming calls");
  } else if (iequals(key, "FWD")) {
    return in.off_only(entry, "call forwarding");
  } else if (iequals(key, "STUN") || iequals(key, "enableSTUN") || iequals(key, "DNS")) {
    return in.off_only(entry, "a STUN or DNS server");
  } else if (!microsip::listed(microsip::kIgnoredSettings, key)) {
    return std::unexpected(in.error(entry, "unknown key"));
  }
  return {};
}

// A SIP URI's user part: what it can carry unescaped (RFC 3261 §25.1 user: unreserved and
// user-unreserved).
bool sip_user(std::string_view user) {
  return !user.empty() && sip::all_of(user, sip::chars::kUser);
}

std::expected<AccountConfig, std::string> read_account(const SectionReader& in) {
  AccountConfig account;
  std::string server;
  std::string domain;
  std::string username;
  for (const IniEntry& entry : in.section().entries) {
    const std::string_view key = entry.key;
    Applied applied;
    if (iequals(key, "server")) {
      server = entry.value;
    } else if (iequals(key, "domain")) {
      domain = entry.value;
    } else if (iequals(key, "username")) {
      if (!sip_user(entry.value)) {
        return std::unexpected(in.error(
            entry, fmt::format("not a SIP user name (letters, digits, -_.!~*'()&=+$,;?/): '{}'",
                               entry.value)));
      }
      username = entry.value;
    } else if (iequals(key, "password")) {
      account.password = entry.value;
    } else if (iequals(key, "authID")) {
      account.auth_username = entry.value;
    } else if (iequals(key, "displayName")) {
      account.display_name = entry.value;
    } else if (iequals(key, "label")) {
      account.label = entry.value;
    } else if (iequals(key, "instanceId")) {
      account.instance_id = entry.value;
    } else if (iequals(key, "registerRefresh")) {
      applied = in.number<std::uint32_t>(entry, 10, 86400, account.expires);
    } else if (iequals(key, "transport")) {
      if (!entry.value.empty() && !iequals(entry.value, "udp")) {
        applied = std::unexpected(in.error(
            entry, fmt::format("'{}' is not supported yet: accounts use UDP", entry.value)));
      }
    } else if (iequals(key, "proxy")) {
      applied = in.off_only(entry, "an outbound proxy other than the registrar");
    } else if (iequals(key, "SRTP")) {
      applied = in.off_only(entry, "SRTP on account calls");
    } else if (iequals(key, "publicAddr")) {
      applied = in.off_only(entry, "a public address (NAT)");
    } else if (iequals(key, "ICE") || iequals(key, "publish") || iequals(key, "STUN")) {
      applied = in.off_only(entry, "ICE, STUN and presence");
    } else if (iequals(key, "hideCID")) {
      applied = in.off_only(entry, "hiding the caller id");
    } else if (iequals(key, "dialingPrefix") || iequals(key, "dialPlan")) {
      applied = in.off_only(entry, "rewriting dialled numbers");
    } else if (!microsip::listed(microsip::kIgnoredAccountKeys, key)) {
      applied = std::unexpected(in.error(entry, "unknown key"));
    }
    if (!applied) {
      return std::unexpected(applied.error());
    }
  }
  if (username.empty()) {
    return std::unexpected(in.error("username= is missing"));
  }
  if (server.empty() && domain.empty()) {
    return std::unexpected(in.error("server= (the registrar's address) is missing"));
  }
  account.aor = fmt::format("sip:{}@{}", username, domain.empty() ? server : domain);
  account.registrar = server;
  if (const auto where = resolve_account(account); !where) {
    return std::unexpected(in.error(where.error()));
  }
  return account;
}

// "Account7" → 7; nullopt for any other name.
std::optional<std::size_t> account_number(std::string_view name) {
  if (name.size() <= 7 || !iequals(name.substr(0, 7), "Account")) {
    return std::nullopt;
  }
  const auto number = parse_decimal<std::size_t>(name.substr(7));
  return number ? std::optional(*number) : std::nullopt;
}

}  // namespace

std::expected<void, std::string> apply_config_text(std::string_view file, std::string_view text,
                                                   PhoneConfig& config) {
  const auto document = parse_ini(text);
  if (!document) {
    return std::unexpected(
        fmt::format("{}:{}: {}", file, document.error().line, document.error().reason));
  }
  PhoneConfig out = config;
  std::vector<AccountConfig> accounts;
  bool default_given = false;
  for (const IniSection& section : document->sections) {
    const SectionReader in(file, section);
    if (iequals(section.name, "Settings")) {
      for (const IniEntry& entry : section.entries) {
        if (auto applied = apply_setting(in, entry, out); !applied) {
          return applied;
        }
        default_given = default_given || iequals(entry.key, "accountId");
      }
    } else if (const auto number = account_number(section.name)) {
      if (*number != accounts.size() + 1) {
        return std::unexpected(
            in.error(fmt::format("accounts are numbered 1, 2, 3 … in order; expected [Account{}]",
                                 accounts.size() + 1)));
      }
      auto account = read_account(in);
      if (!account) {
        return std::unexpected(account.error());
      }
      accounts.push_back(std::move(*account));
    } else if (!microsip::listed(microsip::kIgnoredSections, section.name)) {
      return std::unexpected(in.error("unknown section (Settings, Account1 … expected)"));
    }
  }
  if (!accounts.empty()) {
    out.accounts = std::move(accounts);
  }
  if (!default_given) {
    out.default_account = out.accounts.empty() ? 0 : 1;
  }
  if (out.default_account > out.accounts.size()) {
    const IniSection* settings = document->find("Settings");
    const IniEntry* entry = settings != nullptr ? settings->find("accountId") : nullptr;
    return std::unexpected(fmt::format("{}:{}: [Settings] accountId: there is no [Account{}]", file,
                                       entry != nullptr ? entry->line : 0, out.default_account));
  }
  config = std::move(out);
  return {};
}

std::expected<void, std::string> apply_config_file(const std::string& path, PhoneConfig& config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::unexpected(fmt::format("{}: cannot read the file", path));
  }
  constexpr std::size_t kMaxBytes = IniLimits{}.max_bytes;
  std::string text(kMaxBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    return std::unexpected(fmt::format("{}: cannot read the file", path));
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxBytes) {
    return std::unexpected(fmt::format("{}: larger than {} bytes", path, kMaxBytes));
  }
  return apply_config_text(path, text, config);
}

std::expected<void, std::string> apply_options(const Options& options, PhoneConfig& config) {
  if (options.listen_names_address) {
    config.listen_address = options.listen_address;
  }
  if (options.listen_names_port) {
    config.listen_port = options.listen_port;
  }
  if (options.was_given("--user")) {
    config.user = options.user;
  }
  config.auto_answer = config.auto_answer || options.auto_answer;  // flags only switch on
  config.sip_trace = config.sip_trace || options.sip_trace;
  if (options.was_given("--audio")) {
    config.audio = options.audio;
  }
  config.media = config.media && options.media;
  if (options.account.empty()) {
    // Said on the command line for an account that is not there: say so rather than drop it.
    for (const std::string_view flag : {"--password", "--register-expires", "--instance"}) {
      if (options.was_given(flag)) {
        return std::unexpected(fmt::format(
            "{} belongs to --account (accounts from --config take theirs from the file)", flag));
      }
    }
  } else {
    AccountConfig account;
    account.aor = options.account;
    account.password = options.password;
    account.expires = options.register_expires;
    account.instance_id = options.instance_id;
    if (const auto where = resolve_account(account); !where) {
      return std::unexpected(fmt::format("--account {}: {}", options.account, where.error()));
    }
    config.accounts = {std::move(account)};
    config.default_account = 1;
  }
  return {};
}

}  // namespace sipline::app
