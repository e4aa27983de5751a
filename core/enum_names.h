#pragma once
// Enum <-> name tables: an enum class whose values are 0..N-1 paired with an array of names.
// Used by every model type that has a fixed vocabulary (kinds, statuses, relations...).
#include <array>
#include <optional>
#include <string_view>

namespace km::core {

template <typename Enum, std::size_t N>
std::optional<Enum> enum_from_name(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view enum_name(const std::array<std::string_view, N>& names, Enum value) {
  return names[static_cast<std::size_t>(value)];
}

}  // namespace km::core
