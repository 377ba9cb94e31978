// Test access to ../shared (corpora and RFC texts), which CI places beside the checkout.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sipline::test {

// The shared directory: $SIPLINE_SHARED if set, else the path configured at build time.
[[nodiscard]] std::filesystem::path shared_dir();

// The bytes of a file, exactly (binary mode). Fails the calling test if it cannot be read.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

// Tab-separated rows of an INDEX.tsv, header row excluded.
[[nodiscard]] std::vector<std::vector<std::string>> read_tsv(const std::filesystem::path& path);

}  // namespace sipline::test
