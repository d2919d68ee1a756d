// The tecsync executable: everything lives in tecsync_core; see cli.hpp.
#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) { return tecsync::cli::main(argc, argv, std::cout, std::cerr); }
