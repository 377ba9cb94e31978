// The AA, DND and FWD toggles written back into the ini: one line each, the rest byte for byte.
#include "app/cli/saved_toggles.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

namespace fs = std::filesystem;

struct Scratch {
  Scratch() : dir(fs::temp_directory_path() / ("sipline-toggles-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  fs::path dir;
};

void write(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string utf16le(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (const char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

constexpr std::string_view kIni =
    "; written by MicroSIP\r\n[Settings]\r\nautoAnswer=button\r\nAA=0\r\nmainX=12\r\n"
    "denyIncoming=button\r\nDND=0\r\nsomethingNew=kept\r\n\r\n[Account1]\r\nserver=pbx\r\n";

TEST(SavedToggles, AToggleChangesItsOneLineAndKeepsTheEncoding) {
  Scratch scratch;
  const fs::path ini = scratch.dir / "microsip.ini";
  write(ini, utf16le(std::string(kIni)));
  ::chmod(ini.c_str(), 0640);
  SavedToggles saved(ini.string(), Toggles{});
  EXPECT_EQ(saved.save(Toggles{false, true, false}), "");
  std::string want(kIni);
  want.replace(want.find("DND=0"), 5, "DND=1");
  EXPECT_EQ(read(ini), utf16le(want));
  struct stat after{};
  ASSERT_EQ(::stat(ini.c_str(), &after), 0);
  EXPECT_EQ(after.st_mode & 07777, 0640U);                               // the file's mode kept
  EXPECT_EQ(std::distance(fs::directory_iterator(scratch.dir), {}), 1);  // no temporary left

  // Back off, and AA on: the two lines, nothing else. FWD, absent, is added once it changes.
  EXPECT_EQ(saved.save(Toggles{true, false, false}), "");
  want = std::string(kIni);
  want.replace(want.find("AA=0"), 4, "AA=1");
  EXPECT_EQ(read(ini), utf16le(want));
  EXPECT_EQ(saved.save(Toggles{true, false, true}), "");
  want.replace(want.find("somethingNew=kept\r\n") + 19, 0, "FWD=1\r\n");
  EXPECT_EQ(read(ini), utf16le(want));
}

TEST(SavedToggles, NothingChangedOrNoFileWritesNothing) {
  Scratch scratch;
  const fs::path ini = scratch.dir / "microsip.ini";
  write(ini, std::string(kIni));
  struct stat before{};
  ASSERT_EQ(::stat(ini.c_str(), &before), 0);
  SavedToggles saved(ini.string(), Toggles{true, false, false});
  EXPECT_EQ(saved.save(Toggles{true, false, false}), "");
  struct stat after{};
  ASSERT_EQ(::stat(ini.c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);  // not even rewritten the same (a rewrite renames)
  EXPECT_EQ(read(ini), kIni);
  SavedToggles none("", Toggles{});
  EXPECT_EQ(none.save(Toggles{true, true, true}), "");
}

// A link stays a link; edits made while the phone runs are kept.
TEST(SavedToggles, TheFileIsReadAgainAndALinkFollowed) {
  Scratch scratch;
  const fs::path real = scratch.dir / "real.ini";
  const fs::path link = scratch.dir / "microsip.ini";
  write(real, "[Settings]\nAA=0\n");
  fs::create_symlink(real, link);
  SavedToggles saved(link.string(), Toggles{});
  write(real, "[Settings]\nAA=0\n; added by hand\n");
  EXPECT_EQ(saved.save(Toggles{true, false, false}), "");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read(real), "[Settings]\nAA=1\n; added by hand\n");
}

TEST(SavedToggles, AFileThatCannotBeWrittenIsSaidAndTriedAgain) {
  Scratch scratch;
  const fs::path ini = scratch.dir / "microsip.ini";
  write(ini, "[Settings]\nAA=0\nbroken line\n");
  SavedToggles saved(ini.string(), Toggles{});
  EXPECT_EQ(saved.save(Toggles{true, false, false}),
            ini.string() +
                ":3: the toggles are not saved: expected key=value, [Section] or a "
                "comment");
  write(ini, "[Settings]\nAA=0\n");
  EXPECT_EQ(saved.save(Toggles{true, false, false}), "");  // still owed: written now
  EXPECT_EQ(read(ini), "[Settings]\nAA=1\n");
  SavedToggles gone((scratch.dir / "gone.ini").string(), Toggles{});
  EXPECT_NE(gone.save(Toggles{true, false, false}).find("gone.ini: the toggles are not saved: "),
            std::string::npos);
}

}  // namespace
}  // namespace sipline::app
