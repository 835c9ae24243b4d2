// The seeded, platform-independent deal of `archive reassign`.
#include "archive/domain/deal.h"

#include <algorithm>
#include <random>
#include <utility>

namespace archive::domain {

std::vector<std::size_t> seeded_order(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  // std::shuffle and the distributions differ between libraries; the engine does not.
  std::mt19937_64 rng(seed);
  for (std::size_t i = n; i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(i));
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

std::vector<std::optional<std::size_t>> deal(const std::vector<std::string>& owners,
                                             const std::vector<std::string>& reps,
                                             std::uint64_t seed) {
  std::vector<std::optional<std::size_t>> out(owners.size());
  if (reps.empty()) return out;
  std::vector<std::size_t> movable;
  for (std::size_t i = 0; i < owners.size(); ++i) {
    if (std::find(reps.begin(), reps.end(), owners[i]) == reps.end()) movable.push_back(i);
  }
  const auto order = seeded_order(movable.size(), seed);
  for (std::size_t k = 0; k < order.size(); ++k) out[movable[order[k]]] = k % reps.size();
  return out;
}

}  // namespace archive::domain
