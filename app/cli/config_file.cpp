// The ini file: [Settings], [Account0] and [Account1..N] applied to a PhoneConfig.
#include "app/cli/config_file.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "app/cli/microsip_keys.hpp"
#include "app/cli/section_reader.hpp"
#include "app/cli/settings_section.hpp"
#include "app/core/server_location.hpp"
#include "base/ini.hpp"
#include "base/text.hpp"
#include "sip/message/char_class.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::app {
namespace {

// A SIP URI's user part: what it can carry unescaped (RFC 3261 §25.1 user: unreserved and
// user-unreserved).
bool sip_user(std::string_view user) {
  return !user.empty() && sip::all_of(user, sip::chars::kUser);
}

// The keys about calls, the same in [AccountN] and in [Account0] (the local account, calls by
// IP). Refused: what would send in clear, route elsewhere, show a hidden caller id or dial other
// numbers than the ones typed. `server` is the account's registrar ("" for [Account0]).
// Nullopt: not such a key.
std::optional<Applied> apply_call_key(const SectionReader& in, const IniEntry& entry,
                                      std::string_view server, sdp::SrtpPolicy& srtp,
                                      UnbuiltList& unbuilt) {
  const std::string_view key = entry.key;
  if (iequals(key, "transport")) {
    // [Account0] (calls by IP): the URI dialled says (sip:bob@host;transport=tcp, sips:).
    if (iequals(entry.value, "tcp") || iequals(entry.value, "tls")) {
      return std::unexpected(in.error(
          entry, fmt::format("'{}' for calls by IP is not built: dial sip:USER@HOST;transport={}",
                             entry.value, entry.value)));
    }
    return Applied{};
  }
  if (iequals(key, "proxy")) {
    // [Account0] (calls by IP): straight to the callee; an outbound proxy is not built there.
    if (!entry.value.empty() && !iequals(entry.value, server)) {
      return in.off_only(entry, "an outbound proxy for calls by IP");
    }
    return Applied{};
  }
  if (iequals(key, "SRTP")) {
    const auto policy = parse_srtp_policy(entry.value);
    if (!policy) {
      return std::unexpected(in.error(entry, policy.error()));
    }
    srtp = *policy;
    return Applied{};
  }
  if (iequals(key, "hideCID")) {
    return in.off_only(entry, "hiding the caller id");
  }
  if (iequals(key, "dialingPrefix") || iequals(key, "dialPlan")) {
    return in.off_only(entry, "rewriting dialled numbers");
  }
  if (SectionReader::not_built(microsip::kNotBuiltAccountKeys, entry, unbuilt) ||
      microsip::listed(microsip::kCosmeticAccountKeys, key)) {
    return Applied{};
  }
  return std::nullopt;
}

std::expected<AccountConfig, std::string> read_account(const SectionReader& in,
                                                       ConfigNotes& notes) {
  AccountConfig account;
  UnbuiltList unbuilt;
  const IniEntry* server_entry = in.section().find("server");
  const std::string server = server_entry != nullptr ? server_entry->value : "";
  std::string domain;
  std::string username;
  for (const IniEntry& entry : in.section().entries) {
    const std::string_view key = entry.key;
    Applied applied;
    if (iequals(key, "server")) {
      continue;
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
    } else if (iequals(key, "disableSessionTimer")) {
      applied = in.flag(entry, account.disable_session_timer);
    } else if (iequals(key, "proxy")) {
      // The registrar itself (MicroSIP writes it so): no proxy of its own.
      if (!iequals(entry.value, server)) {
        account.proxy = entry.value;  // checked with the account (resolve_account)
      }
    } else if (iequals(key, "publicAddr")) {
      account.public_address = entry.value;  // checked with the account (resolve_account)
    } else if (iequals(key, "allowRewrite")) {
      applied = in.flag(entry, account.allow_rewrite);
    } else if (iequals(key, "keepAlive") && !entry.value.empty()) {  // empty: the default
      std::uint32_t seconds = 0;
      applied = in.number<std::uint32_t>(entry, 0, 3600, seconds);
      account.keep_alive_s = seconds;
    } else if (iequals(key, "keepAlive")) {
    } else if (iequals(key, "transport")) {
      // MicroSIP: udp, tcp, tls, or anything else ("auto", empty) for what DNS says.
      account.transport = transport::transport_from_name(entry.value);
    } else if (auto call_key = apply_call_key(in, entry, server, account.srtp, unbuilt)) {
      applied = std::move(*call_key);
    } else {
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
  // MicroSIP saves a remembered password encrypted for the Windows user (passwordSize is set
  // with it): no other program can read it. Said, and the account goes without one.
  const IniEntry* password = in.section().find("password");
  const IniEntry* size = in.section().find("passwordSize");
  if (password != nullptr && !password->value.empty() && size != nullptr &&
      !trim_wsp(size->value).empty() && trim_wsp(size->value) != "0") {
    notes.push_back(in.error(*password,
                             "MicroSIP's encrypted password cannot be read (passwordSize is set): "
                             "the account registers without one; write it in plain text and "
                             "remove passwordSize"));
    account.password.clear();
  }
  account.aor = fmt::format("sip:{}@{}", username, domain.empty() ? server : domain);
  account.registrar = server;
  if (const auto where = resolve_account(account); !where) {
    return std::unexpected(in.error(where.error()));
  }
  in.say(std::move(unbuilt), notes);
  return account;
}

// [Account0], MicroSIP's local account (calls by IP): it registers nowhere, so the keys about
// registration mean nothing; those about calls are read as in any account. sipline's calls by
// IP go from sip:USER@LISTEN-ADDRESS ([Settings] user=) with no display name.
Applied read_local_account(const SectionReader& in, PhoneConfig& out, ConfigNotes& notes) {
  constexpr auto kRegistration = std::to_array<std::string_view>(
      {"allowRewrite", "authID", "domain", "instanceId", "keepAlive", "label", "password",
       "publish", "registerRefresh", "server", "username", "voicemailNumber"});
  UnbuiltList unbuilt;
  for (const IniEntry& entry : in.section().entries) {
    if (microsip::listed(kRegistration, entry.key)) {
      continue;
    }
    if (iequals(entry.key, "disableSessionTimer")) {
      if (auto applied = in.flag(entry, out.disable_session_timer); !applied) {
        return applied;
      }
      continue;
    }
    if (iequals(entry.key, "displayName")) {
      if (!entry.value.empty()) {
        unbuilt.push_back({&entry, "a display name on calls by IP"});
      }
      continue;
    }
    auto applied = apply_call_key(in, entry, "", out.srtp, unbuilt);
    if (!applied) {
      return std::unexpected(in.error(entry, "unknown key"));
    }
    if (!*applied) {
      return *applied;
    }
  }
  in.say(std::move(unbuilt), notes);
  return {};
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

std::expected<ConfigNotes, std::string> apply_config_text(std::string_view file,
                                                          std::string_view text,
                                                          PhoneConfig& config) {
  const auto document = parse_ini(text);
  if (!document) {
    return std::unexpected(
        fmt::format("{}:{}: {}", file, document.error().line, document.error().reason));
  }
  PhoneConfig out = config;
  ConfigNotes notes;
  std::vector<AccountConfig> accounts;
  for (const IniSection& section : document->sections) {
    const SectionReader in(file, section);
    const auto number = account_number(section.name);
    Applied applied;
    if (iequals(section.name, "Settings")) {
      applied = read_settings(in, out, notes);
    } else if (number == 0U) {
      applied = read_local_account(in, out, notes);
    } else if (number) {
      if (*number != accounts.size() + 1) {
        return std::unexpected(
            in.error(fmt::format("accounts are numbered 1, 2, 3 … in order; expected [Account{}]",
                                 accounts.size() + 1)));
      }
      auto account = read_account(in, notes);
      if (!account) {
        return std::unexpected(account.error());
      }
      accounts.push_back(std::move(*account));
    } else if (!microsip::listed(microsip::kCosmeticSections, section.name)) {
      return std::unexpected(in.error("unknown section (Settings, Account1 … expected)"));
    }
    if (!applied) {
      return std::unexpected(applied.error());
    }
  }
  if (!accounts.empty()) {
    out.accounts = std::move(accounts);
  }
  const IniSection* settings = document->find("Settings");
  const IniEntry* account_id = settings != nullptr ? settings->find("accountId") : nullptr;
  if (account_id == nullptr) {
    out.default_account = out.accounts.empty() ? 0 : 1;
  }
  if (out.default_account > out.accounts.size()) {
    return std::unexpected(fmt::format("{}:{}: [Settings] accountId: there is no [Account{}]", file,
                                       account_id != nullptr ? account_id->line : 0,
                                       out.default_account));
  }
  config = std::move(out);
  return notes;
}

std::expected<ConfigNotes, std::string> apply_config_file(const std::string& path,
                                                          PhoneConfig& config) {
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

}  // namespace sipline::app
