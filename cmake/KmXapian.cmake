# Xapian's CMake config sets variables only; wrap them once as an imported target.
find_package(xapian REQUIRED CONFIG)
if(NOT TARGET km::xapian)
  add_library(km::xapian INTERFACE IMPORTED)
  set_target_properties(km::xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()
