// The ini file: [Settings], [Account0] and [Account1..N] applied to a PhoneConfig.
#include "app/cli/config_file.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/cli/incoming_rules.hpp"
#include "app/cli/microsip_keys.hpp"
#include "app/cli/section_reader.hpp"
#include "app/core/codec_choice.hpp"
#include "app/core/media_engine.hpp"
#include "app/core/server_location.hpp"
#include "base/ini.hpp"
#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sip/message/char_class.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::app {
namespace {

// audioCodecs: the codecs in the user's order; those MicroSIP has and sipline has not built are
// left out and named at start-up. Empty: MicroSIP's default, which is sipline's too.
Applied apply_codecs(const SectionReader& in, const IniEntry& entry, PhoneConfig& config,
                     UnbuiltList& unbuilt) {
  if (trim_wsp(entry.value).empty()) {
    config.codecs.clear();
    return {};
  }
  auto choice = parse_codec_choice(entry.value);
  if (!choice) {
    return std::unexpected(in.error(entry, choice.error()));
  }
  config.codecs = std::move(choice->codecs);
  if (choice->unbuilt.size() == 1) {
    unbuilt.push_back({&entry, fmt::format("the codec {}", choice->unbuilt.front())});
  } else if (!choice->unbuilt.empty()) {
    unbuilt.push_back(
        {&entry, fmt::format("each of the codecs {}", fmt::join(choice->unbuilt, ", "))});
  }
  return {};
}

// One [Settings] entry. The rules for incoming calls are only collected here: they are read
// together once the section is done.
Applied apply_setting(const SectionReader& in, const IniEntry& entry, PhoneConfig& config,
                      IncomingRules& rules, UnbuiltList& unbuilt) {
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
  } else if (iequals(key, "STUN") || iequals(key, "enableSTUN")) {
    return {};  // read together (read_stun)
  } else if (iequals(key, "tlsCA")) {
    config.tls_ca_file = entry.value;  // empty: the system's trust anchors
  } else if (iequals(key, "tlsVerify")) {
    return in.flag(entry, config.tls_verify);
  } else if (iequals(key, "tlsCert")) {
    config.tls_certificate_file = entry.value;  // sipline's: MicroSIP takes no TLS connections
  } else if (iequals(key, "tlsKey")) {
    config.tls_private_key_file = entry.value;
  } else if (iequals(key, "tlsPort")) {
    const auto port = parse_decimal<std::uint16_t>(entry.value);
    if (!port) {
      return std::unexpected(
          in.error(entry, fmt::format("needs a port, 0-65535, got '{}'", entry.value)));
    }
    config.tls_listen_port = *port;
  } else if (iequals(key, "dnsSrv")) {
    bool srv = false;  // MicroSIP's switch; sipline always follows RFC 3263 (NAPTR, SRV, A)
    return in.flag(entry, srv);
  } else if (iequals(key, "dnsServer") || iequals(key, "dnsSrvNs")) {  // MicroSIP: dnsSrvNs
    if (!entry.value.empty() && !is_dns_server(entry.value)) {
      return std::unexpected(in.error(
          entry, fmt::format("needs IP, IPv4:PORT or [IPv6]:PORT, got '{}'", entry.value)));
    }
    if (!entry.value.empty()) {
      config.dns_server = entry.value;
    }
  } else if (iequals(key, "sipTrace")) {
    return in.flag(entry, config.sip_trace);
  } else if (iequals(key, "audioCodecs")) {
    return apply_codecs(in, entry, config, unbuilt);
  } else if (iequals(key, "midCallOffers")) {
    const auto method = parse_mid_call_offers(entry.value);
    if (!method) {
      return std::unexpected(in.error(entry, method.error()));
    }
    config.mid_call_offers = *method;
  } else if (!rules.take(entry) &&
             !SectionReader::not_built(microsip::kNotBuiltSettings, entry, unbuilt) &&
             !microsip::listed(microsip::kCosmeticSettings, key)) {
    return std::unexpected(in.error(entry, "unknown key"));
  }
  return {};
}

// MicroSIP's STUN=host[:port], used when enableSTUN=1 (RFC 5389: where a NAT shows us).
Applied read_stun(const SectionReader& in, PhoneConfig& config) {
  const IniEntry* enable = in.section().find("enableSTUN");
  bool enabled = false;
  if (enable != nullptr) {
    if (auto applied = in.flag(*enable, enabled); !applied) {
      return applied;
    }
  }
  const IniEntry* server = in.section().find("STUN");
  if (!enabled) {
    return {};
  }
  if (server == nullptr || server->value.empty()) {
    return std::unexpected(in.error(*enable, "needs a STUN server (STUN=host[:port])"));
  }
  if (!stun_server_request(server->value)) {
    return std::unexpected(
        in.error(*server, fmt::format("needs host[:port], got '{}'", server->value)));
  }
  config.stun_server = server->value;
  return {};
}

Applied read_settings(const SectionReader& in, PhoneConfig& config, ConfigNotes& notes) {
  IncomingRules rules;
  UnbuiltList unbuilt;
  for (const IniEntry& entry : in.section().entries) {
    if (auto applied = apply_setting(in, entry, config, rules, unbuilt); !applied) {
      return applied;
    }
  }
  if (auto stun = read_stun(in, config); !stun) {
    return stun;
  }
  const auto auto_answer = read_incoming_rules(in, rules, unbuilt);
  if (!auto_answer) {
    return std::unexpected(auto_answer.error());
  }
  config.auto_answer = *auto_answer;
  in.say(std::move(unbuilt), notes);
  return {};
}

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
  if (options.was_given("--dns-server")) {
    config.dns_server = options.dns_server;
  }
  if (options.was_given("--stun")) {
    config.stun_server = options.stun_server;
  }
  if (options.was_given("--tls-ca")) {
    config.tls_ca_file = options.tls_ca_file;
  }
  config.tls_verify = config.tls_verify && !options.tls_no_verify;
  if (options.was_given("--tls-cert")) {
    config.tls_certificate_file = options.tls_certificate_file;
  }
  if (options.was_given("--tls-key")) {
    config.tls_private_key_file = options.tls_private_key_file;
  }
  if (options.was_given("--tls-port")) {
    config.tls_listen_port = options.tls_listen_port;
  }
  if (config.tls_certificate_file.empty() != config.tls_private_key_file.empty()) {
    return std::unexpected(std::string(
        "a TLS listener needs a certificate and its key together (--tls-cert and --tls-key, or "
        "tlsCert= and tlsKey=)"));
  }
  if (options.was_given("--srtp")) {
    config.srtp = options.srtp;
  }
  config.auto_answer = config.auto_answer || options.auto_answer;  // flags only switch on
  config.sip_trace = config.sip_trace || options.sip_trace;
  if (options.was_given("--audio")) {
    config.audio = options.audio;
  }
  if (options.was_given("--codecs")) {
    config.codecs = options.codecs;
  }
  if (options.was_given("--mid-call-offers")) {
    config.mid_call_offers =
        options.offers_by_update ? sip::OfferMethod::kUpdate : sip::OfferMethod::kInvite;
  }
  config.media = config.media && options.media;
  if (options.account.empty()) {
    // Said on the command line for an account that is not there: say so rather than drop it.
    for (const std::string_view flag :
         {"--password", "--register-expires", "--instance", "--transport", "--keep-alive",
          "--allow-rewrite", "--public-address"}) {
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
    if (!options.transport.empty()) {
      account.transport = transport::transport_from_name(options.transport);
    }
    if (options.was_given("--keep-alive")) {
      account.keep_alive_s = options.keep_alive_s;
    }
    account.srtp = config.srtp;
    account.allow_rewrite = options.allow_rewrite;
    account.public_address = options.public_address;
    account.proxy = options.proxy;
    if (const auto where = resolve_account(account); !where) {
      return std::unexpected(fmt::format("--account {}: {}", options.account, where.error()));
    }
    config.accounts = {std::move(account)};
    config.default_account = 1;
  }
  return {};
}

}  // namespace sipline::app
