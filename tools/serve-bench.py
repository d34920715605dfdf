print('bench todo')
