// A city's folder and manifest: what makes a unit tree, and each way it can be wrong, with the
// message that says where.
#include <filesystem>

#include "engine/city/manifest.hpp"
#include "engine/city/unit_tree.hpp"
#include "gtest/gtest.h"
#include "tests/city/city_test_util.hpp"

namespace suan::city {
namespace {

using namespace testing;

std::string OpenError(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<City>> city = City::Open(BudgetModel(), dir);
  EXPECT_FALSE(city.ok());
  return city.ok() ? "" : std::string(city.status().message());
}

TEST(Manifest, AnEmptyFolderSaysSo) {
  std::string dir = FreshDir("empty");
  EXPECT_CONTAINS(OpenError(dir), "the folder is empty");
}

TEST(Manifest, AFolderWithoutAManifestSaysWhatItLacks) {
  std::string dir = FreshDir("no-manifest");
  WriteFile(dir + "/units/D0001.csv", "table,row,column,value\n");
  EXPECT_CONTAINS(OpenError(dir), "no city.csv or city.json");
  EXPECT_CONTAINS(OpenError(dir + "/missing"), "not a folder");
}

TEST(Manifest, TwoUnitsWithOneCodeNameBothLines) {
  EXPECT_CONTAINS(OpenError(DataPath("city/duplicate")),
                  "city.csv:5: unit code D0001 is given twice (first at ");
  EXPECT_CONTAINS(OpenError(DataPath("city/duplicate")), "city.csv:3)");
}

TEST(Manifest, AParentThatDoesNotExistIsNamed) {
  EXPECT_CONTAINS(OpenError(DataPath("city/missing-parent")),
                  "city.csv:4: unit D0003-01 names parent D0003, which the manifest does "
                  "not list");
}

TEST(Manifest, ACycleIsShownUnitByUnit) {
  std::string message = OpenError(DataPath("city/cycle"));
  EXPECT_CONTAINS(message, "the unit tree has a cycle: ");
  // Every unit on the cycle, and back to the first.
  for (const char* code : {"D0003 ", "D0003-01", "D0003-02"}) {
    EXPECT_CONTAINS(message, code);
  }
  EXPECT_CONTAINS(message, "-> D0003 (");
}

TEST(Manifest, AUnitItsOwnParentIsACycle) {
  Manifest m;
  m.units.push_back({"A", "a", "A", "a.csv", {}, "city.csv:2"});
  absl::StatusOr<UnitTree> tree = UnitTree::Build(m);
  ASSERT_FALSE(tree.ok());
  EXPECT_CONTAINS(std::string(tree.status().message()), "cycle: A -> A");
}

TEST(Manifest, MissingColumnsAreListed) {
  absl::StatusOr<Manifest> m = ParseManifest("code,name\nA,a\n", "city.csv", ".");
  ASSERT_FALSE(m.ok());
  EXPECT_CONTAINS(std::string(m.status().message()),
                  "city.csv:1: the header lacks the column(s) parent, file");
  m = ParseManifest("code,name,parent,file\n", "city.csv", ".");
  ASSERT_FALSE(m.ok());
  EXPECT_CONTAINS(std::string(m.status().message()), "lists no unit");
  m = ParseManifest("code,name,parent,file\n,nameless,,\n", "city.csv", ".");
  ASSERT_FALSE(m.ok());
  EXPECT_CONTAINS(std::string(m.status().message()), "city.csv:2: the unit has no code");
}

TEST(Manifest, JsonManifestKeepsExtraFieldsAsAttributes) {
  absl::StatusOr<Manifest> m = ReadManifest(DataPath("city/json-manifest"));
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->units.size(), 4u);
  EXPECT_EQ(m->units[1].code, "D0001");
  EXPECT_EQ(m->units[1].parent, "C0000");
  EXPECT_EQ(m->units[1].attributes.at("kind"), "行政");
  EXPECT_CONTAINS(m->units[3].where, "city.json: units[3]");
}

TEST(UnitTree, NodesInPreOrderWithContiguousDataUnits) {
  absl::StatusOr<Manifest> m = ReadManifest(DataPath("city/small"));
  ASSERT_TRUE(m.ok()) << m.status();
  absl::StatusOr<UnitTree> tree = UnitTree::Build(*m);
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(tree->node(tree->root()).code, "C0000");
  EXPECT_EQ(tree->data_units().size(), 5u);  // the city itself has no figures
  int d3 = tree->Find("D0003");
  ASSERT_GE(d3, 0);
  const TreeNode& n = tree->node(d3);
  EXPECT_EQ(n.children.size(), 2u);
  EXPECT_EQ(n.data_end - n.data_begin, 3);  // its own figures and its two sub-units
  EXPECT_EQ(tree->node(tree->root()).data_end - tree->node(tree->root()).data_begin, 5);
  EXPECT_EQ(tree->consolidating().size(), 2u);  // the city and D0003
  EXPECT_EQ(tree->PathToRoot(tree->Find("D0003-02")).size(), 3u);
}

TEST(UnitTree, SeveralRootsGetTheCityAsOne) {
  absl::StatusOr<Manifest> m = ReadManifest(DataPath("city/two-roots"));
  ASSERT_TRUE(m.ok()) << m.status();
  absl::StatusOr<UnitTree> tree = UnitTree::Build(*m);
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(tree->node(tree->root()).code, kCityRootCode);
  EXPECT_EQ(tree->node(tree->root()).children.size(), 2u);
}

}  // namespace
}  // namespace suan::city
