// Where the ini is when --config does not say: beside the program, else the user's config.
#include "app/cli/config_location.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

std::string found(const std::set<std::string>& files, std::string_view xdg, std::string_view home) {
  return default_config_file("/opt/phone/sipline", xdg, home,
                             [&](const std::string& path) { return files.contains(path); });
}

TEST(ConfigLocation, BesideTheProgramFirstThenTheUsersConfig) {
  const std::set<std::string> both = {"/opt/phone/sipline.ini",
                                      "/home/al/.config/sipline/microsip.ini"};
  EXPECT_EQ(found(both, "", "/home/al"), "/opt/phone/sipline.ini");  // portable mode
  const std::set<std::string> user = {"/home/al/.config/sipline/microsip.ini",
                                      "/x/sipline/microsip.ini"};
  EXPECT_EQ(found(user, "", "/home/al"), "/home/al/.config/sipline/microsip.ini");
  EXPECT_EQ(found(user, "/x", "/home/al"), "/x/sipline/microsip.ini");
  EXPECT_EQ(found(user, "relative", "/home/al"), "/home/al/.config/sipline/microsip.ini");
  EXPECT_EQ(found(user, "", ""), "");
  EXPECT_EQ(found({}, "/x", "/home/al"), "");  // none: the phone's defaults
}

TEST(ConfigLocation, AGivenFileWinsAndNoneMeansNoFile) {
  EXPECT_EQ(chosen_config_file("/etc/phone.ini"), "/etc/phone.ini");
  EXPECT_EQ(chosen_config_file("none"), "");
  EXPECT_EQ(xdg_base_directory("/x", "/home/al", ".local/share"), "/x");
  EXPECT_EQ(xdg_base_directory("x", "/home/al", ".local/share"), "/home/al/.local/share");
  EXPECT_EQ(xdg_base_directory("", "", ".config"), "");
}

}  // namespace
}  // namespace sipline::app
