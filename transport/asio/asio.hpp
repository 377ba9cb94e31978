// Boost.Asio, included the one way sipline includes it. Boost 1.74's Asio under GCC 12 in C++23
// mode uses std::exchange without including <utility> (asio/awaitable.hpp), so <utility> first.
#pragma once

// clang-format off
#include <utility>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
// clang-format on
