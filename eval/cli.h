#pragma once
// The km-eval command line. Returns the exit code (0 ok, 2 usage or fatal error); errors are
// caught here and printed as one line.
#include <ostream>
#include <string>
#include <vector>

namespace km::eval {

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace km::eval
