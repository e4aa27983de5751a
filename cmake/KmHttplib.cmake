# Debian ships cpp-httplib as a compiled library with a pkg-config file and no CMake config.
# Its compile definitions (OpenSSL, zlib, brotli) must match the ones it was built with.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CPP_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(NOT TARGET km::httplib)
  add_library(km::httplib INTERFACE IMPORTED)
  set_target_properties(km::httplib PROPERTIES INTERFACE_LINK_LIBRARIES PkgConfig::CPP_HTTPLIB)
endif()
