// Certificates made at test time with OpenSSL: a CA, and server certificates signed by it (or
// not) for the TLS tests. Written as PEM files into a temporary directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sipline::test {

struct CertificateFiles {
  std::string certificate;  // PEM certificate path
  std::string private_key;  // PEM key path
};

struct LeafOptions {
  std::vector<std::string> dns_names{"localhost"};
  std::vector<std::string> ip_addresses{"127.0.0.1", "::1"};
  long valid_from_seconds = -3600;  // relative to now
  long valid_to_seconds = 86400;
  bool self_signed = false;  // not signed by the test CA
};

class TestPki {
 public:
  TestPki();  // creates the CA
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  [[nodiscard]] const std::string& ca_file() const noexcept { return ca_file_; }
  [[nodiscard]] CertificateFiles issue(const std::string& name, const LeafOptions& options = {});

 private:
  struct State;
  std::filesystem::path directory_;
  std::string ca_file_;
  State* state_;
};

}  // namespace sipline::test
