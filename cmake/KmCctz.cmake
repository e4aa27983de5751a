# Debian's libcctz-dev (Google's CCTZ: civil time and IANA time zones from the system's tzdata)
# ships neither a CMake config nor a pkg-config file.
find_path(CCTZ_INCLUDE_DIR cctz/time_zone.h REQUIRED)
find_library(CCTZ_LIBRARY NAMES cctz REQUIRED)
if(NOT TARGET km::cctz)
  add_library(km::cctz INTERFACE IMPORTED)
  set_target_properties(km::cctz PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${CCTZ_INCLUDE_DIR}"
                                            INTERFACE_LINK_LIBRARIES "${CCTZ_LIBRARY}")
endif()
