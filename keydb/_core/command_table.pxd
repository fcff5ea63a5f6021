# The generated command table (command_table.pyx, from utils/gen_commands.py).
cdef void command_table_fill() noexcept nogil   # command_register() for every spec with a handler
