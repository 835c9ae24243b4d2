// The seeded deal of `archive reassign`: the same on every platform, even, and skipping
// customers who already belong to one of the reps.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "archive/domain/deal.h"

using archive::domain::deal;
using archive::domain::seeded_order;

TEST_CASE("seeded_order is a fixed permutation for a seed") {
  // mt19937_64 is specified by the standard and the Fisher–Yates pass is our own, so this
  // order must be the same with every compiler and library.
  CHECK(seeded_order(10, 42) == std::vector<std::size_t>{1, 7, 9, 0, 3, 8, 4, 2, 5, 6});
  CHECK(seeded_order(10, 42) == seeded_order(10, 42));
  CHECK(seeded_order(10, 43) != seeded_order(10, 42));
  CHECK(seeded_order(0, 1).empty());
  CHECK(seeded_order(1, 1) == std::vector<std::size_t>{0});
  auto sorted = seeded_order(100, 7);
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) CHECK(sorted[i] == i);
}

TEST_CASE("deal gives every rep the same number, or one fewer than the first reps") {
  const std::vector<std::string> reps = {"赵磊", "李娜", "王强"};
  for (std::size_t n : {0, 1, 2, 3, 7, 10, 31}) {
    CAPTURE(n);
    const std::vector<std::string> owners(n, "王芳");
    const auto dealt = deal(owners, reps, 2026);
    std::map<std::size_t, std::size_t> per_rep;
    for (const auto& d : dealt) {
      REQUIRE(d);
      ++per_rep[*d];
    }
    for (std::size_t r = 0; r < reps.size(); ++r) {
      const std::size_t expected = n / reps.size() + (r < n % reps.size() ? 1 : 0);
      CHECK(per_rep[r] == expected);
    }
  }
}

TEST_CASE("deal is determined by the seed") {
  const std::vector<std::string> owners(12, "王芳");
  const std::vector<std::string> reps = {"赵磊", "李娜"};
  CHECK(deal(owners, reps, 5) == deal(owners, reps, 5));
  bool some_seed_differs = false;
  for (std::uint64_t seed = 6; seed < 20; ++seed) {
    some_seed_differs = some_seed_differs || deal(owners, reps, seed) != deal(owners, reps, 5);
  }
  CHECK(some_seed_differs);
}

TEST_CASE("deal skips customers already with one of the reps") {
  const std::vector<std::string> owners = {"a", "x", "a", "a", "y", "a", "a"};
  const auto dealt = deal(owners, {"x", "y"}, 7);
  using Slot = std::optional<std::size_t>;
  CHECK(dealt == std::vector<Slot>{0, std::nullopt, 0, 1, std::nullopt, 1, 0});
  SUBCASE("one rep: only its own customers stay") {
    const auto one = deal({"", "x", "a"}, {"x"}, 1);
    CHECK(one == std::vector<Slot>{0, std::nullopt, 0});
  }
  SUBCASE("no reps: nothing moves") {
    CHECK(deal({"a"}, {}, 1) == std::vector<Slot>{std::nullopt});
  }
}
