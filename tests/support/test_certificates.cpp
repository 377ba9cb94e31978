// Test certificates with the OpenSSL 3 API.
#include "tests/support/test_certificates.hpp"

#include <cstdio>
#include <cstdlib>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace sipline::test {
namespace {

EVP_PKEY* new_key() { return EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"); }

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  ASSERT_NE(extension, nullptr) << value;
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

X509* new_certificate(EVP_PKEY* key, const std::string& common_name, long from, long to,
                      long serial) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), from);
  X509_gmtime_adj(X509_getm_notAfter(cert), to);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  return cert;
}

void write_pem(const std::string& path, X509* cert, EVP_PKEY* key) {
  FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  if (cert != nullptr) {
    PEM_write_X509(file, cert);
  }
  if (key != nullptr) {
    PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr);
  }
  std::fclose(file);
}

}  // namespace

struct TestPki::State {
  EVP_PKEY* ca_key = nullptr;
  X509* ca = nullptr;
  long serial = 2;
};

TestPki::TestPki() : state_(new State) {
  char pattern[] = "/tmp/sipline-pki.XXXXXX";
  directory_ = mkdtemp(pattern);
  state_->ca_key = new_key();
  state_->ca = new_certificate(state_->ca_key, "sipline test CA", -3600, 86400 * 30, 1);
  X509_set_issuer_name(state_->ca, X509_get_subject_name(state_->ca));
  add_extension(state_->ca, state_->ca, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(state_->ca, state_->ca, NID_key_usage, "critical,keyCertSign,cRLSign");
  X509_sign(state_->ca, state_->ca_key, EVP_sha256());
  ca_file_ = (directory_ / "ca.pem").string();
  write_pem(ca_file_, state_->ca, nullptr);
}

TestPki::~TestPki() {
  X509_free(state_->ca);
  EVP_PKEY_free(state_->ca_key);
  delete state_;
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

CertificateFiles TestPki::issue(const std::string& name, const LeafOptions& options) {
  EVP_PKEY* key = new_key();
  const std::string common_name = options.dns_names.empty() ? name : options.dns_names.front();
  X509* cert = new_certificate(key, common_name, options.valid_from_seconds,
                               options.valid_to_seconds, state_->serial++);
  X509* issuer = options.self_signed ? cert : state_->ca;
  X509_set_issuer_name(cert, X509_get_subject_name(issuer));
  std::string san;
  for (const std::string& dns : options.dns_names) {
    san += (san.empty() ? "" : ",") + std::string("DNS:") + dns;
  }
  for (const std::string& ip : options.ip_addresses) {
    san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
  }
  if (!san.empty()) {
    add_extension(cert, issuer, NID_subject_alt_name, san);
  }
  add_extension(cert, issuer, NID_ext_key_usage, "serverAuth,clientAuth");
  X509_sign(cert, options.self_signed ? key : state_->ca_key, EVP_sha256());
  CertificateFiles files{(directory_ / (name + ".pem")).string(),
                         (directory_ / (name + ".key")).string()};
  write_pem(files.certificate, cert, nullptr);
  write_pem(files.private_key, nullptr, key);
  X509_free(cert);
  EVP_PKEY_free(key);
  return files;
}

}  // namespace sipline::test
