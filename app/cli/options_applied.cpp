// The command line on top of the ini file: apply_options (declared in config_file.hpp).
#include <fmt/format.h>

#include "app/cli/config_file.hpp"
#include "app/core/account.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::app {

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
  if (options.was_given("--tcp-above")) {
    config.udp_request_limit = options.udp_request_limit;
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
  if (options.was_given("--dtmf-method")) {
    config.dtmf_method = options.dtmf_method;
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
