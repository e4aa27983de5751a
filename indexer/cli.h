#pragma once
// The km-indexer command line: ingest, rebuild, stats, get.
//
// run_cli() parses `args` (without the program name), runs one command against the --db folder
// and returns the process exit code: 0 all good, 1 some records rejected (or item not found),
// 2 usage or fatal error. Output goes to `out`, messages and progress to `err`; progress is
// drawn only when `err_is_terminal`. Library errors are caught here and turned into one line.
#include <ostream>
#include <string>
#include <vector>

namespace km::indexer {

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool err_is_terminal);

// The --help text.
std::string usage();

}  // namespace km::indexer
