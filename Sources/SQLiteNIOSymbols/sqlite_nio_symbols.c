// Declarations only (see the header): the definitions are sqlite-nio's. SwiftPM needs one source file per C target.
#include "sqlite_nio_symbols.h"
