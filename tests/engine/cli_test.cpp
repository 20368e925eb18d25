// The `suan` command as a user runs it: help on every subcommand, exit codes, and the
// messages bad input gets.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/test_files.hpp"

namespace {

struct Result {
  int status;
  std::string out;  // stdout and stderr together
};

Result Suan(const std::string& args) {
  std::string cmd = std::string(SUAN_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  Result r{-1, ""};
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string Temp(const std::string& name, const std::string& content) {
  std::string path = suan::test_support::TempDir() + name;
  std::ofstream(path) << content;
  return path;
}

TEST(Cli, HelpEverywhere) {
  Result top = Suan("--help");
  EXPECT_EQ(top.status, 0);
  EXPECT_NE(top.out.find("eval"), std::string::npos);
  for (const char* cmd : {"eval", "bench", "check"}) {
    Result r = Suan(std::string(cmd) + " --help");
    EXPECT_EQ(r.status, 0) << cmd;
    EXPECT_NE(r.out.find("usage: suan"), std::string::npos) << cmd << ": " << r.out;
  }
  Result unknown = Suan("frobnicate");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.out.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(Cli, EvalPrintsValuesAndAppliesEdits) {
  std::string book = Temp("eval.json", R"({"sheets":[{"name":"S","cells":[[0,0,2],[0,1,"=A1*10"],
    [1,0,"=1/0"],[1,1,"=A1&\"x\""]]}]})");
  Result r = Suan("eval " + book + " --set 'S!A1=3'");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out,
            "{\"sheets\":[{\"name\":\"S\",\"values\":[[0,0,3],[0,1,30],[1,0,\"#DIV/0!\"],"
            "[1,1,\"3x\"]]}]}\n");
}

TEST(Cli, EvalBadInputSaysWhereAndWhy) {
  std::string book =
      Temp("bad.json", R"({"sheets":[{"name":"S","cells":[[0,0,1],[0,1,"=A1+"]]}]})");
  Result r = Suan("eval " + book);
  EXPECT_EQ(r.status, 0);  // the rest still calculates
  EXPECT_NE(r.out.find("S!B1: formula:1:4"), std::string::npos) << r.out;
  Result set = Suan("eval " + book + " --set 'Nowhere!A1=1'");
  EXPECT_EQ(set.status, 2);
  EXPECT_NE(set.out.find("no sheet named 'Nowhere'"), std::string::npos) << set.out;
  Result truncated = Suan("eval " + Temp("trunc.json", R"({"sheets":[{"name":"S","cells":[[0,0)"));
  EXPECT_EQ(truncated.status, 2);
  EXPECT_NE(truncated.out.find("trunc.json:1:"), std::string::npos) << truncated.out;
  Result missing = Suan("eval /nonexistent/book.json");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("/nonexistent/book.json: cannot open"), std::string::npos);
}

TEST(Cli, BenchPrintsOneVerifiedJsonLine) {
  Result r = Suan("bench " + std::string(SUAN_TEST_DATA) + "/city-5.json");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line: " << r.out;
  EXPECT_NE(r.out.find("\"peer\":\"suan\""), std::string::npos);
  EXPECT_NE(r.out.find("\"verified\":\"yes\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"ok\":true"), std::string::npos) << r.out;
}

}  // namespace
