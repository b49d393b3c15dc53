// Force-included (-include) into every tunelab target except data_store: SQLite is that
// library's private dependency. sqlite3.h lives in /usr/include, so include paths alone
// cannot keep it out; poisoning its central identifier makes `#include <sqlite3.h>` a
// compile error anywhere else ("attempt to use poisoned").
#pragma once
#pragma GCC poison sqlite3
