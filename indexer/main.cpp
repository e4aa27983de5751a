// km-indexer: loads knowledge into the store of record and keeps the search index in step.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "indexer/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return km::indexer::run_cli(args, std::cout, std::cerr, isatty(STDERR_FILENO) != 0);
}
