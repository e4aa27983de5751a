// km-eval: measures search quality against relevance judgements, beside two baselines.
#include <iostream>

#include "eval/cli.h"

int main(int argc, char** argv) {
  return km::eval::run_cli(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
