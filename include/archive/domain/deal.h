// Dealing customers out to several reps in turn (`archive reassign --to A,B`): a seeded
// shuffle and a round robin that give the same result on every platform and library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace archive::domain {

// Shuffles 0 … n-1 with std::mt19937_64 seeded with `seed` and a Fisher–Yates pass written
// here (j = rng() % (i + 1) for i from n-1 down to 1), so the order depends on the seed only,
// never on the standard library.
std::vector<std::size_t> seeded_order(std::size_t n, std::uint64_t seed);

// For each item (given by its current owner, in the caller's order) the index into `reps` of
// the rep it goes to, or nothing when its owner already is one of `reps` (it stays). The
// other items are taken in the order seeded_order() gives them and dealt round robin,
// reps[0] first, so every rep gets the same number or one fewer than the first ones.
std::vector<std::optional<std::size_t>> deal(const std::vector<std::string>& owners,
                                             const std::vector<std::string>& reps,
                                             std::uint64_t seed);

}  // namespace archive::domain
