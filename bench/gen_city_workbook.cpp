// gen_city_workbook N SEED OUT.json: writes the 'city budget' workbook (see city_workbook.hpp).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/city_workbook.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: gen_city_workbook DEPARTMENTS SEED OUT.json\n");
    return 2;
  }
  int n = std::atoi(argv[1]);
  if (n < 1) {
    std::fprintf(stderr, "gen_city_workbook: DEPARTMENTS must be at least 1\n");
    return 2;
  }
  auto city = suan::bench::GenerateCityWorkbook(n, std::strtoull(argv[2], nullptr, 10));
  std::string json = suan::bench::CityWorkbookJson(city);
  std::string tmp = std::string(argv[3]) + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f || std::fwrite(json.data(), 1, json.size(), f) != json.size() || std::fclose(f) != 0) {
    std::fprintf(stderr, "gen_city_workbook: cannot write %s\n", tmp.c_str());
    return 2;
  }
  if (std::rename(tmp.c_str(), argv[3]) != 0) {
    std::fprintf(stderr, "gen_city_workbook: cannot rename %s to %s\n", tmp.c_str(), argv[3]);
    return 2;
  }
  return 0;
}
