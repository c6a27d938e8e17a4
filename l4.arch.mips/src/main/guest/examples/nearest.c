/* Smallest L4-native guest program: asks the kernel for its own id and returns its low bits. */
#include "l4.h"

int main(void)
{
    l4_umword_t type;
    l4_threadid_t me = l4_id_nearest(L4_NIL_ID, &type);
    return (int) (me & 0xFF);
}
